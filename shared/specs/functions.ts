/**
 * The function registry: every Lambda function, its handler module and what it does to which table.
 * CDK builds one NodejsFunction per entry and grants it exactly the declared table operations (and
 * nothing else); the local gateway and engine import the same modules.
 */
import type { TableSpec } from "#shared/specs/tables.ts";
import { casesTable, countersTable, idempotencyTable, rateLimitsTable } from "#shared/specs/tables.ts";

/**
 * DynamoDB operations on a table's items, named as the API (and IAM) names them. A transaction needs
 * the operation of each of its items (Put → PutItem, Update → UpdateItem): TransactWriteItems itself
 * is not an IAM action. Scan, DeleteItem and the batch writes are granted only where declared.
 */
export type TableOperation =
	| "GetItem"
	| "BatchGetItem"
	| "Query"
	| "PutItem"
	| "UpdateItem"
	| "DeleteItem"
	| "ConditionCheckItem"
	| "Scan";

/** The operations that change data (they need the key's Encrypt/GenerateDataKey as well as Decrypt). */
export const writeOperations: readonly TableOperation[] = ["PutItem", "UpdateItem", "DeleteItem"];

export interface TableUse {
	readonly table: TableSpec;
	/** Operations on the table's items (Query here means on the table's own key). */
	readonly does: readonly TableOperation[];
	/** Indexes the function queries (Query on `<table>/index/<name>`). */
	readonly queries?: readonly string[];
}

export interface FunctionSpec {
	/** Module path from the project root; it exports `handler`. */
	readonly module: string;
	readonly description: string;
	readonly tables: readonly TableUse[];
	readonly timeoutSeconds?: number;
	readonly memoryMb?: number;
	/** The function calls Step Functions (start executions, send task results). */
	readonly stepFunctions?: boolean;
	/** Invoked by the case workflow rather than by HTTP. */
	readonly workflow?: boolean;
	/**
	 * Invoked by a table's stream (an event source mapping with ReportBatchItemFailures), seeing only
	 * the item kinds listed; the local home runs the same through local/stream-poller.ts.
	 */
	readonly stream?: { readonly table: TableSpec; readonly itemKinds: readonly string[]; readonly batchSize: number };
	/** Reads and writes evidence files (the evidence bucket: presigned URLs, HeadObject, GetObject, DeleteObject). */
	readonly evidence?: boolean;
	/** Sends text messages (AWS End User Messaging SMS: sms-voice:SendTextMessage). */
	readonly sms?: boolean;
	/** Run on a schedule (an EventBridge schedule expression on AWS; a periodic loop on the local home). */
	readonly schedule?: { readonly expression: string; readonly localEverySeconds: number };
}

/**
 * What the shared adapters do, so each entry below names the use and not the commands:
 * - the case store (shared/store/dynamodb-case-store.ts): `get`/`task`/`outcome` GetItem, `getWithTask`
 *   BatchGetItem, `events` Query,
 *   `create` and `commit` a transaction of Puts (case, events, the step, its outcome); the hand-over
 *   (`attachToken`, `setOutcomeToken`, `outcomeHandedOver`, `startConfirmed`) UpdateItem;
 *   `pendingOutcomes` and `awaitingStart` a Query on byAssignee, then GetItem; a submission's
 *   idempotency record is a conditional Put in the same transaction as the case on the idempotency
 *   table, read back (GetItem) by a retry;
 * - the queues (shared/store/case-queries.ts): Query on the cases table's indexes;
 * - rate limits (shared/store/rate-limiter.ts): GetItem of the previous window, UpdateItem (the
 *   conditional increment, a refund) on the rate-limit table;
 * - the stats aggregator (shared/stats/apply.ts): BatchGetItem (GetItem on a retry) of the cases' facts,
 *   then one transaction of Puts (the case states) and Updates (counters) per batch; the stats reads
 *   (shared/stats/read.ts): Query.
 */
const caseRead = { table: casesTable, does: ["GetItem"] } as const;
const rateLimited = { table: rateLimitsTable, does: ["GetItem", "UpdateItem"] } as const;

export const functions = {
	// HTTP: petitioner
	submitPetition: {
		module: "functions/api/submit-petition.ts",
		description: "POST /v1/petitions: online submission",
		tables: [
			// Repeat petitions: the person's cases (Query on PERSON#…, BatchGetItem), then a repeat on the original.
			{ table: casesTable, does: ["GetItem", "BatchGetItem", "Query", "PutItem"] },
			{ table: idempotencyTable, does: ["GetItem", "PutItem"] },
			rateLimited,
		],
		stepFunctions: true,
	},
	getPetition: {
		module: "functions/api/get-petition.ts",
		description: "GET /v1/petitions/{caseId}: tracking by case id and query code",
		tables: [caseRead, rateLimited],
		evidence: true,
	},
	requestReview: {
		module: "functions/api/request-review.ts",
		description: "POST /v1/petitions/{caseId}/review-requests: ask for 复查 or 复核",
		tables: [{ table: casesTable, does: ["GetItem", "BatchGetItem", "PutItem", "UpdateItem"] }, rateLimited],
		stepFunctions: true,
	},
	evaluateCase: {
		module: "functions/api/evaluate-case.ts",
		description: "POST /v1/petitions/{caseId}/evaluations: satisfaction after a reply",
		tables: [{ table: casesTable, does: ["GetItem", "PutItem"] }, rateLimited],
	},
	addEvidence: {
		module: "functions/api/add-evidence.ts",
		description: "POST /v1/petitions/{caseId}/evidence: an upload URL for one evidence file",
		tables: [{ table: casesTable, does: ["GetItem", "PutItem"] }, rateLimited],
		evidence: true,
	},
	completeEvidence: {
		module: "functions/api/complete-evidence.ts",
		description:
			"POST /v1/petitions/{caseId}/evidence/{evidenceId}/complete: checks the uploaded file (size, sniffed type) and keeps or deletes it",
		tables: [{ table: casesTable, does: ["GetItem", "PutItem"] }, rateLimited],
		evidence: true,
	},
	// HTTP: staff
	registerCase: {
		module: "functions/api/register-case.ts",
		description: "POST /v1/cases: intake registers a letter or a visit",
		tables: [{ table: casesTable, does: ["GetItem", "BatchGetItem", "Query", "PutItem"] }],
		stepFunctions: true,
	},
	listCases: {
		module: "functions/api/list-cases.ts",
		description: "GET /v1/cases: the caller's queue, newest first, paged",
		tables: [{ table: casesTable, does: [], queries: ["byAssignee", "byRegionDate"] }],
	},
	getCase: {
		module: "functions/api/get-case.ts",
		description: "GET /v1/cases/{caseId}: the full case with its event history",
		tables: [{ table: casesTable, does: ["GetItem", "Query"] }],
		evidence: true,
	},
	actOnCase: {
		module: "functions/api/act-on-case.ts",
		description: "POST /v1/cases/{caseId}/actions: a staff action on the pending step",
		tables: [{ table: casesTable, does: ["GetItem", "BatchGetItem", "PutItem", "UpdateItem"] }],
		stepFunctions: true,
	},
	listUnits: {
		module: "functions/api/list-units.ts",
		description: "GET /v1/units: the responsible units of a region",
		tables: [],
	},
	getOpenApi: {
		module: "functions/api/get-openapi.ts",
		description: "GET /openapi.json: the OpenAPI 3.1 document, generated from the route table and zod schemas",
		tables: [],
	},
	routeNotFound: {
		module: "functions/api/route-not-found.ts",
		description: "the HTTP API's $default route: 404 or 405 in the API's error shape for a request no route takes",
		tables: [],
	},
	// Workflow steps (invoked by the case-lifecycle state machine)
	openTask: {
		module: "functions/workflow/open-task.ts",
		description: "a human step's state was entered: attaches its task token, or hands over a decision already made",
		tables: [{ table: casesTable, does: ["GetItem", "UpdateItem"] }],
		workflow: true,
		stepFunctions: true,
	},
	superviseTask: {
		module: "functions/workflow/supervise-task.ts",
		description: "a human step passed its deadline: overdue, 督办, follow-up deadline",
		tables: [{ table: casesTable, does: ["GetItem", "PutItem", "UpdateItem"] }],
		workflow: true,
	},
	closeCase: {
		module: "functions/workflow/close-case.ts",
		description: "closes a case whose petitioner window passed unused, or after 复核",
		tables: [{ table: casesTable, does: ["GetItem", "PutItem", "UpdateItem"] }],
		workflow: true,
	},
	continueCase: {
		module: "functions/workflow/continue-case.ts",
		description: "continues a long-running case in a new execution before the one-year limit",
		tables: [],
		workflow: true,
		stepFunctions: true,
	},
	// Scheduled
	reconcileHandovers: {
		module: "functions/workflow/reconcile-handovers.ts",
		description: "hands recorded decisions whose hand-over to the workflow failed to their executions",
		tables: [{ table: casesTable, does: ["GetItem", "UpdateItem"], queries: ["byAssignee"] }],
		stepFunctions: true,
		timeoutSeconds: 60,
		schedule: { expression: "rate(5 minutes)", localEverySeconds: 30 },
	},
	// Stream consumers
	aggregateEvents: {
		module: "functions/stats/aggregate-events.ts",
		description: "stats aggregator: applies each case event to the counters exactly once",
		tables: [{ table: countersTable, does: ["GetItem", "BatchGetItem", "PutItem", "UpdateItem"] }],
		timeoutSeconds: 60,
		stream: { table: casesTable, itemKinds: ["event"], batchSize: 100 },
	},
	sendSms: {
		module: "functions/notify/send-sms.ts",
		description: "SMS sender: delivers each outbox message (query code, notices) at least once, marking it sent",
		tables: [{ table: casesTable, does: ["GetItem", "BatchGetItem", "UpdateItem"] }],
		timeoutSeconds: 30,
		// 50 messages an invocation: one read and one write for all of them; sent one after another, a
		// batch ends within its 30 s at the SMS API's latency, and a failed send retries from itself.
		stream: { table: casesTable, itemKinds: ["sms"], batchSize: 50 },
		sms: true,
	},
	// HTTP: stats
	getAnnualReport: {
		module: "functions/api/get-annual-report.ts",
		description:
			"GET /v1/reports/annual: the year's report (Markdown or Word, Chinese), every number from the counters",
		tables: [{ table: countersTable, does: ["Query"] }],
	},
	getStats: {
		module: "functions/api/get-stats.ts",
		description: "GET /v1/stats: a region's figures of a year or month, from the counters",
		tables: [{ table: countersTable, does: ["Query"] }],
	},
	getStatsSeries: {
		module: "functions/api/get-stats-series.ts",
		description:
			"GET /v1/stats/series: a region's twelve months, its siblings compared and its open cases, from the counters",
		tables: [{ table: countersTable, does: ["Query"] }],
	},
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functions;

export const functionNames = Object.keys(functions) as FunctionName[];
