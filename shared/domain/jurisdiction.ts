/**
 * Jurisdiction: who holds a case and who decides it. One module, so that the queue keys the store
 * writes (shared/store/case-keys.ts), the authorization policy (shared/auth/policy.ts) and the staff
 * queues (functions/api/list-cases.ts) cannot drift apart.
 *
 * A holder is written as a key: `INTAKE#<region>`, `UNIT#<unit>` or `REVIEW#<region>`; it is the
 * partition of the byAssignee index and the assignee of a pending staff step.
 */
import type { Case } from "#shared/domain/case.ts";
import { findRegion } from "#shared/domain/regions.ts";

export const holderKey = {
	intake: (region: string) => `INTAKE#${region}`,
	unit: (unit: string) => `UNIT#${unit}`,
	review: (region: string) => `REVIEW#${region}`,
} as const;

/** Who a petitioner's own step (asking for 复查/复核) is assigned to. */
export const PETITIONER = "PETITIONER";

/** The body that decides a review: 复查 by the county's reviewer, 复核 one level up (R35–36). */
function reviewBody(region: string, level: "review" | "rereview"): string | undefined {
	return level === "review" ? region : findRegion(region)?.parent;
}

/** The region whose reviewer decides the case now; undefined when no review is under way. */
export function reviewingRegion(kase: Pick<Case, "region" | "stage">): string | undefined {
	if (kase.stage === "review" || kase.stage === "rereview") return reviewBody(kase.region, kase.stage);
	return undefined;
}

/**
 * Who holds the case: intake of its region until a unit is assigned, then the unit, then the
 * reviewing body once a review is asked for. A case stays with its last holder after it closes.
 */
export function holderOf(kase: Pick<Case, "stage" | "region" | "unit" | "review" | "rereview">): string {
	if (kase.rereview) return holderKey.review(reviewBody(kase.region, "rereview") ?? kase.region);
	if (kase.review) return holderKey.review(reviewBody(kase.region, "review") ?? kase.region);
	if (kase.stage === "acceptance" || !kase.unit) return holderKey.intake(kase.region);
	return holderKey.unit(kase.unit);
}
