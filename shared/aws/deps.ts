/** The adapters every handler uses, built from the environment and reused while it stays the same. */
import { sfnCaseWorkflow } from "#shared/aws/case-workflow.ts";
import { documentClient, stepFunctions, tableName } from "#shared/aws/clients.ts";
import { accessLimit, type PetitionerAccessDeps } from "#shared/cases/petitioner-access.ts";
import type { StepDeps } from "#shared/cases/steps.ts";
import { casesTable, countersTable } from "#shared/specs/tables.ts";
import { accessFailures } from "#shared/store/access-failures.ts";
import { type CaseQueries, caseQueries } from "#shared/store/case-queries.ts";
import { dynamoCaseStore } from "#shared/store/dynamodb-case-store.ts";

export type CaseDeps = StepDeps & PetitionerAccessDeps;

let deps: (CaseDeps & { queries: CaseQueries; key: unknown[] }) | undefined;

function build() {
	const doc = documentClient();
	const sfn = stepFunctions();
	const table = tableName(casesTable);
	const counters = tableName(countersTable);
	if (!deps || deps.key[0] !== doc || deps.key[1] !== sfn || deps.key[2] !== table || deps.key[3] !== counters) {
		deps = {
			store: dynamoCaseStore(doc, table),
			workflow: sfnCaseWorkflow(sfn),
			failures: accessFailures(doc, counters, accessLimit.windowSeconds),
			queries: caseQueries(doc, table),
			key: [doc, sfn, table, counters],
		};
	}
	return deps;
}

export function caseDeps(): CaseDeps {
	return build();
}

export function caseListing(): CaseQueries {
	return build().queries;
}
