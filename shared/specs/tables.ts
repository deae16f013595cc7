/**
 * The one table spec: CDK (infra/) and the local bootstrap (local/tables.ts) both build tables from it.
 * Keys are generic (pk/sk, gsiNpk/gsiNsk) so one table can hold several item kinds.
 */
export type AttributeType = "S" | "N";

export interface KeySpec {
	readonly partition: { readonly name: string; readonly type: AttributeType };
	readonly sort?: { readonly name: string; readonly type: AttributeType };
}

export interface IndexSpec extends KeySpec {
	readonly name: string;
	/** Why the index exists: the access pattern it serves. */
	readonly purpose: string;
	/**
	 * The non-key attributes copied into the index (DynamoDB's INCLUDE projection): exactly what the
	 * queries on it read, so an index holds no more personal data than its readers show and an item's
	 * index write stays small. Table and index keys are always projected; an empty list projects the
	 * keys alone (KEYS_ONLY). Left out (ALL) by no table: the AWS home refuses an index without it.
	 */
	readonly projection?: readonly string[];
}

export interface TableSpec extends KeySpec {
	/** Logical id, also the CDK construct id. */
	readonly id: string;
	/** Environment variable through which functions learn the physical table name. */
	readonly envVar: string;
	/** Table name used on the local home (AWS names come from CloudFormation). */
	readonly localName: string;
	readonly indexes: readonly IndexSpec[];
	readonly ttlAttribute?: string;
	/** Stream of new images; the filter says which item kinds the consumer sees. */
	readonly stream?: { readonly view: "NEW_IMAGE" | "NEW_AND_OLD_IMAGES"; readonly itemKinds: readonly string[] };
}

const S = "S" as const;

/**
 * What a queue row reads of a case (GET /v1/cases: `staffSummary` in shared/cases/views.ts, parsed by
 * `caseSummaryFromItem` in shared/store/case-queries.ts), and what its filters test. The queue shows
 * these straight from the index, without fetching the case items. The recount reads `caseId` only.
 */
export const caseSummaryAttributes = [
	"caseId",
	"title",
	"region",
	"channel",
	"category",
	"receivedAt",
	"status",
	"stage",
	"dueAt",
	"unit",
	"overdue",
	"petitioner",
] as const;

/** Case item (sk = CASE), its event items (sk = EVT#…, the outbox), the pending task item (sk = TASK), SMS outbox items (sk = SMS#…) and person items (pk = PERSON#…). */
export const casesTable = {
	id: "Cases",
	envVar: "CASES_TABLE",
	localName: "cases",
	partition: { name: "pk", type: S },
	sort: { name: "sk", type: S },
	indexes: [
		{
			name: "byAssignee",
			purpose:
				"a holder's queue (a unit's, a reviewing body's; see shared/domain/jurisdiction.ts): its cases, newest first by receipt; and under HANDOVER the step outcomes not yet handed to the workflow (the reconciler's)",
			partition: { name: "gsi1pk", type: S },
			sort: { name: "gsi1sk", type: S },
			projection: caseSummaryAttributes,
		},
		{
			name: "byRegionDate",
			purpose: "a region's cases by year, newest first (leaders, recounts)",
			partition: { name: "gsi2pk", type: S },
			sort: { name: "gsi2sk", type: S },
			projection: caseSummaryAttributes,
		},
	],
	stream: { view: "NEW_IMAGE", itemKinds: ["event", "sms"] },
} as const satisfies TableSpec;

/** Counters (one item per county × month, an attribute per counter), plus the aggregator's state per case (events applied, facts). */
export const countersTable = {
	id: "Counters",
	envVar: "COUNTERS_TABLE",
	localName: "counters",
	partition: { name: "pk", type: S },
	sort: { name: "sk", type: S },
	indexes: [],
	ttlAttribute: "expiresAt",
} as const satisfies TableSpec;

/** Powertools idempotency records (its default key `id` and TTL `expiration`). */
export const idempotencyTable = {
	id: "Idempotency",
	envVar: "IDEMPOTENCY_TABLE",
	localName: "idempotency",
	partition: { name: "id", type: S },
	indexes: [],
	ttlAttribute: "expiration",
} as const satisfies TableSpec;

/**
 * Rate-limit buckets of the public routes (query-code guesses per case and per address, submissions per
 * address): one counter item per key (pk) and time window (sk), incremented atomically; kept apart from
 * the counters so a public function never gets write access to the statistics. Items expire by TTL.
 */
export const rateLimitsTable = {
	id: "RateLimits",
	envVar: "RATE_LIMITS_TABLE",
	localName: "rate-limits",
	partition: { name: "pk", type: S },
	sort: { name: "sk", type: S },
	indexes: [],
	ttlAttribute: "expiresAt",
} as const satisfies TableSpec;

export const appTables: readonly TableSpec[] = [casesTable, countersTable, idempotencyTable, rateLimitsTable];
