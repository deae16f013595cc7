/** Item keys of the cases table (shared/specs/tables.ts): one partition per case. */
import type { Case } from "#shared/domain/case.ts";
import { cstDate } from "#shared/time.ts";

export const caseKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: "CASE" });
export const eventKey = (caseId: string, seq: number) => ({ pk: `CASE#${caseId}`, sk: `EVT#${String(seq).padStart(6, "0")}` });
export const EVENT_PREFIX = "EVT#";

/** Who holds the case now: intake of its region while acceptance is open, else the unit. */
export function assigneeOf(kase: Pick<Case, "stage" | "region" | "unit">): string {
	if (kase.stage === "acceptance" || !kase.unit) return `INTAKE#${kase.region}`;
	return `UNIT#${kase.unit}`;
}

/** Index attributes: a queue by assignee (status, then soonest due) and a region/year listing. */
export function indexAttributes(kase: Case) {
	return {
		gsi1pk: assigneeOf(kase),
		gsi1sk: `${kase.status}#${kase.dueAt ?? "9999"}#${kase.caseId}`,
		gsi2pk: `REGION#${kase.region}#${cstDate(Date.parse(kase.receivedAt)).year}`,
		gsi2sk: `${kase.receivedAt}#${kase.caseId}`,
	};
}
