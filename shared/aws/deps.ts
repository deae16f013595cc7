/** The adapters every handler uses, built from the environment and reused while it stays the same. */
import { sfnCaseWorkflow } from "#shared/aws/case-workflow.ts";
import { endUserMessagingSender } from "#shared/aws/sms.ts";
import type { SmsSender } from "#shared/notify/deliver.ts";
import { fileSmsSender } from "#shared/notify/file-sender.ts";
import { documentClient, stepFunctions, tableName } from "#shared/aws/clients.ts";
import type { PetitionerAccessDeps } from "#shared/cases/petitioner-access.ts";
import type { StepDeps } from "#shared/cases/steps.ts";
import { casesTable, countersTable, rateLimitsTable } from "#shared/specs/tables.ts";
import type { StatsDeps } from "#shared/stats/consume.ts";
import { type CaseQueries, caseQueries } from "#shared/store/case-queries.ts";
import { dynamoCaseStore } from "#shared/store/dynamodb-case-store.ts";
import { type RateLimiter, rateLimiter } from "#shared/store/rate-limiter.ts";

export type CaseDeps = StepDeps & PetitionerAccessDeps;

let deps: (CaseDeps & { queries: CaseQueries; key: unknown[] }) | undefined;

function build() {
	const doc = documentClient();
	const sfn = stepFunctions();
	const table = tableName(casesTable);
	if (!deps || deps.key[0] !== doc || deps.key[1] !== sfn || deps.key[2] !== table) {
		// Only the public functions count (query codes, submissions): the rate-limit table is looked up
		// when first used, so the others neither need its variable nor may touch it.
		let limiter: { table: string; adapter: RateLimiter } | undefined;
		deps = {
			store: dynamoCaseStore(doc, table),
			workflow: sfnCaseWorkflow(sfn),
			get limiter() {
				const limits = tableName(rateLimitsTable);
				if (limiter?.table !== limits) limiter = { table: limits, adapter: rateLimiter(doc, limits) };
				return limiter.adapter;
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

/**
 * What the SMS sender uses: the cases table (its outbox items) and where messages go — a file when
 * `SMS_OUTBOX_FILE` is set (the local home sets it to `<data-dir>/sms/sent.jsonl`), else AWS End User
 * Messaging SMS.
 */
export function smsDeps(): { doc: ReturnType<typeof documentClient>; table: string; sender: SmsSender } {
	const file = process.env.SMS_OUTBOX_FILE;
	if (!smsSender || smsSender.file !== file) smsSender = { file, sender: file ? fileSmsSender(file) : endUserMessagingSender() };
	return { doc: documentClient(), table: tableName(casesTable), sender: smsSender.sender };
}
let smsSender: { file: string | undefined; sender: SmsSender } | undefined;
