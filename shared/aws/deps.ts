/** The adapters every handler uses, built from the environment and reused while it stays the same. */
import { sfnCaseWorkflow } from "#shared/aws/case-workflow.ts";
import { documentClient, stepFunctions, tableName } from "#shared/aws/clients.ts";
import type { StepDeps } from "#shared/cases/steps.ts";
import { casesTable } from "#shared/specs/tables.ts";
import { type CaseQueries, caseQueries } from "#shared/store/case-queries.ts";
import { dynamoCaseStore } from "#shared/store/dynamodb-case-store.ts";

let deps: (StepDeps & { queries: CaseQueries; key: unknown[] }) | undefined;

function build() {
	const doc = documentClient();
	const sfn = stepFunctions();
	const table = tableName(casesTable);
	if (!deps || deps.key[0] !== doc || deps.key[1] !== sfn || deps.key[2] !== table) {
		deps = { store: dynamoCaseStore(doc, table), workflow: sfnCaseWorkflow(sfn), queries: caseQueries(doc, table), key: [doc, sfn, table] };
	}
	return deps;
}

export function caseDeps(): StepDeps {
	return build();
}

export function caseListing(): CaseQueries {
	return build().queries;
}
