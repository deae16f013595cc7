/** The adapters every handler uses, built once per process from the environment. */
import { sfnCaseWorkflow } from "#shared/aws/case-workflow.ts";
import { documentClient, stepFunctions, tableName } from "#shared/aws/clients.ts";
import type { StepDeps } from "#shared/cases/steps.ts";
import { casesTable } from "#shared/specs/tables.ts";
import { dynamoCaseStore } from "#shared/store/dynamodb-case-store.ts";

let deps: StepDeps | undefined;

export function caseDeps(): StepDeps {
	deps ??= { store: dynamoCaseStore(documentClient(), tableName(casesTable)), workflow: sfnCaseWorkflow(stepFunctions()) };
	return deps;
}
