/** Item keys of the cases table (shared/specs/tables.ts): one partition per case. */
import { createHash } from "node:crypto";
import type { Case } from "#shared/domain/case.ts";
import { holderOf } from "#shared/domain/jurisdiction.ts";
import { casesTable } from "#shared/specs/tables.ts";
import { cstDate } from "#shared/time.ts";

export const caseKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: "CASE" });
export const taskKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: "TASK" });
export const eventKey = (caseId: string, seq: number) => ({
	pk: `CASE#${caseId}`,
	sk: `EVT#${String(seq).padStart(6, "0")}`,
});
export const EVENT_PREFIX = "EVT#";
export const outcomeKey = (caseId: string, seq: number) => ({
	pk: `CASE#${caseId}`,
	sk: `STEP#${String(seq).padStart(6, "0")}`,
});
/** Index partition (byAssignee) of the step outcomes not yet handed to the workflow. */
export const PENDING_HANDOVER = "HANDOVER";
/** Index partition (byAssignee) of the steps whose case's execution may not have been started yet. */
export const AWAITING_START = "STARTING";

export const regionYearKey = (region: string, year: number) => `REGION#${region}#${year}`;

/** Index attributes: a holder's queue and a region's listing by year, both newest first. */
export function indexAttributes(kase: Case) {
	const sortKey = `${kase.receivedAt}#${kase.caseId}`;
	return {
		gsi1pk: holderOf(kase),
		gsi1sk: sortKey,
		gsi2pk: regionYearKey(kase.region, cstDate(Date.parse(kase.receivedAt)).year),
		gsi2sk: sortKey,
	};
}

/** The attributes that place an item in the table (keys, index keys, kind), not part of what it holds. */
const layoutAttributes: ReadonlySet<string> = new Set([
	"kind",
	casesTable.partition.name,
	casesTable.sort.name,
	...casesTable.indexes.flatMap((ix) => [ix.partition.name, ix.sort.name]),
]);

/** The case, task or event an item holds, without its placement attributes. */
export function withoutItemKeys(item: Record<string, unknown>): Record<string, unknown> {
	return Object.fromEntries(Object.entries(item).filter(([k]) => !layoutAttributes.has(k)));
}

/**
 * A person's cases (repeat petitions): one small item per case under the hash of the ID number, so
 * the index key holds no ID number in clear. Written with the case, in its transaction.
 */
export const personKey = (idNumber: string, caseId: string) => ({
	pk: personPartition(idNumber),
	sk: `CASE#${caseId}`,
});
export const personPartition = (idNumber: string) =>
	`PERSON#${createHash("sha256").update(`xinfang-person:${idNumber.toUpperCase()}`).digest("hex")}`;

/** An SMS outbox item of a case: numbered by the first event of the change that wrote it. */
export const smsKey = (caseId: string, seq: number, n: number) => ({
	pk: `CASE#${caseId}`,
	sk: `SMS#${String(seq).padStart(6, "0")}#${n}`,
});
