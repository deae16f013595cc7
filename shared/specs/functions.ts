/**
 * The function registry: every Lambda function, its handler module and the tables it may touch.
 * CDK builds one NodejsFunction per entry; the local gateway and engine import the same modules.
 */
import type { TableSpec } from "#shared/specs/tables.ts";
import { casesTable, countersTable, idempotencyTable, rateLimitsTable } from "#shared/specs/tables.ts";

export type TableAccess = "read" | "readwrite";

export interface FunctionSpec {
	/** Module path from the project root; it exports `handler`. */
	readonly module: string;
	readonly description: string;
	readonly tables: readonly { readonly table: TableSpec; readonly access: TableAccess }[];
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
}

const cases = (access: TableAccess) => ({ table: casesTable, access });

export const functions = {
	// HTTP: petitioner
	submitPetition: {
		module: "functions/api/submit-petition.ts",
		description: "POST /v1/petitions: online submission",
		tables: [cases("readwrite"), { table: idempotencyTable, access: "readwrite" }],
		stepFunctions: true,
	},
	getPetition: {
		module: "functions/api/get-petition.ts",
		description: "GET /v1/petitions/{caseId}: tracking by case id and query code",
		tables: [cases("read"), { table: rateLimitsTable, access: "readwrite" }],
	},
	requestReview: {
		module: "functions/api/request-review.ts",
		description: "POST /v1/petitions/{caseId}/review-requests: ask for 复查 or 复核",
		tables: [cases("readwrite"), { table: rateLimitsTable, access: "readwrite" }],
		stepFunctions: true,
	},
	evaluateCase: {
		module: "functions/api/evaluate-case.ts",
		description: "POST /v1/petitions/{caseId}/evaluations: satisfaction after a reply",
		tables: [cases("readwrite"), { table: rateLimitsTable, access: "readwrite" }],
	},
	// HTTP: staff
	registerCase: {
		module: "functions/api/register-case.ts",
		description: "POST /v1/cases: intake registers a letter or a visit",
		tables: [cases("readwrite")],
		stepFunctions: true,
	},
	listCases: {
		module: "functions/api/list-cases.ts",
		description: "GET /v1/cases: the caller's queue, newest first, paged",
		tables: [cases("read")],
	},
	getCase: {
		module: "functions/api/get-case.ts",
		description: "GET /v1/cases/{caseId}: the full case with its event history",
		tables: [cases("read")],
	},
	actOnCase: {
		module: "functions/api/act-on-case.ts",
		description: "POST /v1/cases/{caseId}/actions: a staff action on the pending step",
		tables: [cases("readwrite")],
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
	// Workflow steps (invoked by the case-lifecycle state machine)
	openTask: {
		module: "functions/workflow/open-task.ts",
		description: "records a pending human step: token, type, assignee, due time",
		tables: [cases("readwrite")],
		workflow: true,
	},
	superviseTask: {
		module: "functions/workflow/supervise-task.ts",
		description: "a human step passed its deadline: overdue, 督办, follow-up deadline",
		tables: [cases("readwrite")],
		workflow: true,
	},
	closeCase: {
		module: "functions/workflow/close-case.ts",
		description: "closes a case whose petitioner window passed unused, or after 复核",
		tables: [cases("readwrite")],
		workflow: true,
	},
	// Stream consumers
	aggregateEvents: {
		module: "functions/stats/aggregate-events.ts",
		description: "stats aggregator: applies each case event to the counters exactly once",
		tables: [{ table: countersTable, access: "readwrite" }],
		timeoutSeconds: 60,
		stream: { table: casesTable, itemKinds: ["event"], batchSize: 100 },
	},
	// HTTP: stats
	getAnnualReport: {
		module: "functions/api/get-annual-report.ts",
		description: "GET /v1/reports/annual: the year's report (Markdown, Chinese), every number from the counters",
		tables: [{ table: countersTable, access: "read" }],
	},
	getStats: {
		module: "functions/api/get-stats.ts",
		description: "GET /v1/stats: a region's figures of a year or month, from the counters",
		tables: [{ table: countersTable, access: "read" }],
	},
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functions;

export const functionNames = Object.keys(functions) as FunctionName[];
