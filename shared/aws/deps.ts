/** The adapters every handler uses, built from the environment and reused while it stays the same. */
import { sfnCaseWorkflow } from "#shared/aws/case-workflow.ts";
import { requireEnv } from "#shared/aws/env.ts";
import { s3EvidenceStore } from "#shared/aws/evidence-s3.ts";
import { type EvidenceUrls, s3EvidenceUrls } from "#shared/aws/evidence-urls.ts";
import { endUserMessagingSender } from "#shared/aws/sms.ts";
import { localEvidenceStore } from "#shared/evidence/local-store.ts";
import type { EvidenceStore } from "#shared/evidence/store.ts";
import type { SmsSender } from "#shared/notify/deliver.ts";
import { fileSmsSender } from "#shared/notify/file-sender.ts";
import type { SFNClient } from "@aws-sdk/client-sfn";
import { documentClient, stepFunctions, tableName } from "#shared/aws/clients.ts";
import type { PetitionerAccessDeps } from "#shared/cases/petitioner-access.ts";
import type { CaseWorkflow } from "#shared/cases/workflow.ts";
import type { StepDeps } from "#shared/cases/steps.ts";
import { casesTable, countersTable, idempotencyTable, rateLimitsTable } from "#shared/specs/tables.ts";
import type { StatsDeps } from "#shared/stats/consume.ts";
import { type CaseQueries, caseQueries } from "#shared/store/case-queries.ts";
import { dynamoCaseStore } from "#shared/store/dynamodb-case-store.ts";
import { type RateLimiter, rateLimiter } from "#shared/store/rate-limiter.ts";

export type CaseDeps = StepDeps & PetitionerAccessDeps;

let deps: (CaseDeps & { queries: CaseQueries; key: unknown[] }) | undefined;

function build() {
	const doc = documentClient();
	const table = tableName(casesTable);
	if (!deps || deps.key[0] !== doc || deps.key[1] !== table) {
		// Only the public functions count (query codes, submissions): the rate-limit table is looked up
		// when first used, so the others neither need its variable nor may touch it.
		let limiter: { table: string; adapter: RateLimiter } | undefined;
		// The Step Functions client is built when first used: functions whose registry entry does not set
		// `stepFunctions` never use it, and their bundles carry no SFN client (infra/bundle/no-step-functions.ts).
		let workflow: { sfn: SFNClient; adapter: CaseWorkflow } | undefined;
		deps = {
			// The idempotency table only where a function has it (submissions): looked up when first used.
			store: dynamoCaseStore(doc, table, { submissions: () => tableName(idempotencyTable) }),
			get workflow() {
				const sfn = stepFunctions();
				if (workflow?.sfn !== sfn) workflow = { sfn, adapter: sfnCaseWorkflow(sfn) };
				return workflow.adapter;
			},
			get limiter() {
				const limits = tableName(rateLimitsTable);
				if (limiter?.table !== limits) limiter = { table: limits, adapter: rateLimiter(doc, limits) };
				return limiter.adapter;
			},
			queries: caseQueries(doc, table),
			key: [doc, table],
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
	if (!smsSender || smsSender.file !== file)
		smsSender = { file, sender: file ? fileSmsSender(file) : endUserMessagingSender() };
	return { doc: documentClient(), table: tableName(casesTable), sender: smsSender.sender };
}
let smsSender: { file: string | undefined; sender: SmsSender } | undefined;

/**
 * Where evidence files are: a directory when `EVIDENCE_DIR` is set (the local home, with the gateway's
 * signed /local/blobs URLs: `LOCAL_BLOB_URL`, `LOCAL_BLOB_SECRET`), else the S3 bucket `EVIDENCE_BUCKET`.
 */
export function evidenceFiles(): EvidenceStore {
	const key = evidenceConfig();
	if (evidence?.key !== key)
		evidence = { key, store: localEvidence() ?? s3EvidenceStore(requireEnv("EVIDENCE_BUCKET", "the evidence bucket")) };
	return evidence.store;
}
let evidence: { key: string; store: EvidenceStore } | undefined;

/**
 * Upload and download URLs only (the functions that sign but never read a file): on AWS signed without
 * the S3 client (shared/aws/evidence-urls.ts), so their bundles do not carry it.
 */
export function evidenceUrls(): EvidenceUrls {
	const key = evidenceConfig();
	if (urls?.key !== key)
		urls = { key, store: localEvidence() ?? s3EvidenceUrls(requireEnv("EVIDENCE_BUCKET", "the evidence bucket")) };
	return urls.store;
}
let urls: { key: string; store: EvidenceUrls } | undefined;

const evidenceConfig = () => `${process.env.EVIDENCE_DIR}|${process.env.LOCAL_BLOB_URL}|${process.env.EVIDENCE_BUCKET}`;

function localEvidence(): EvidenceStore | undefined {
	const dir = process.env.EVIDENCE_DIR;
	return dir
		? localEvidenceStore(
				dir,
				requireEnv("LOCAL_BLOB_URL", "the local blob URLs"),
				requireEnv("LOCAL_BLOB_SECRET", "the local blob signatures"),
			)
		: undefined;
}
