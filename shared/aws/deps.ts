/** The adapters every handler uses, built from the environment and reused while it stays the same. */
import { sfnCaseWorkflow } from "#shared/aws/case-workflow.ts";
import { documentClient, stepFunctions, tableName } from "#shared/aws/clients.ts";
import { accessLimit, type PetitionerAccessDeps } from "#shared/cases/petitioner-access.ts";
import type { StepDeps } from "#shared/cases/steps.ts";
import { casesTable, countersTable, rateLimitsTable } from "#shared/specs/tables.ts";
import type { StatsDeps } from "#shared/stats/consume.ts";
import { type AccessFailures, accessFailures } from "#shared/store/access-failures.ts";
import { type CaseQueries, caseQueries } from "#shared/store/case-queries.ts";
import { dynamoCaseStore } from "#shared/store/dynamodb-case-store.ts";

export type CaseDeps = StepDeps & PetitionerAccessDeps;

let deps: (CaseDeps & { queries: CaseQueries; key: unknown[] }) | undefined;

function build() {
	const doc = documentClient();
	const sfn = stepFunctions();
	const table = tableName(casesTable);
	if (!deps || deps.key[0] !== doc || deps.key[1] !== sfn || deps.key[2] !== table) {
		// Only the petitioner's functions count failed query codes: the rate-limit table is looked up
		// when first used, so the others neither need its variable nor may touch it.
		let failures: { table: string; adapter: AccessFailures } | undefined;
		deps = {
			store: dynamoCaseStore(doc, table),
			workflow: sfnCaseWorkflow(sfn),
			get failures() {
				const limits = tableName(rateLimitsTable);
				if (failures?.table !== limits) failures = { table: limits, adapter: accessFailures(doc, limits, accessLimit.windowSeconds) };
				return failures.adapter;
			},
			queries: caseQueries(doc, table),
			key: [doc, sfn, table],
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

/** What the stats functions use: the document client and the counters table. */
export function statsDeps(): StatsDeps {
	return { doc: documentClient(), counters: tableName(countersTable) };
}
