import { describe, expect, it } from "vitest";
import { holderKey, holderOf, reviewingRegion } from "#shared/domain/jurisdiction.ts";

const county = "431127";
const city = "431100";
const base = { region: county, unit: undefined as string | undefined, review: undefined, rereview: undefined };
const request = { requestedAt: "2024-03-01T00:00:00.000Z", reason: "不服" };

describe("jurisdiction: who holds a case", () => {
	it("intake of the region until a unit is assigned", () => {
		expect(holderOf({ ...base, stage: "acceptance" })).toBe(holderKey.intake(county));
		expect(holderOf({ ...base, stage: "closed" })).toBe("INTAKE#431127");
	});
	it("the unit once assigned, and after a return back to intake", () => {
		expect(holderOf({ ...base, stage: "handling", unit: "431127-housing" })).toBe("UNIT#431127-housing");
		expect(holderOf({ ...base, stage: "acceptance", unit: "431127-housing" })).toBe("INTAKE#431127");
	});
	it("the county's reviewer for 复查, the city's for 复核, and it stays there after closing", () => {
		const unit = "431127-housing";
		expect(holderOf({ ...base, unit, stage: "review", review: request })).toBe("REVIEW#431127");
		expect(holderOf({ ...base, unit, stage: "rereview", review: request, rereview: request })).toBe(
			holderKey.review(city),
		);
		expect(holderOf({ ...base, unit, stage: "closed", review: request, rereview: request })).toBe("REVIEW#431100");
	});
});

describe("jurisdiction: who decides a review now", () => {
	it("the county for 复查, its parent for 复核, nobody otherwise", () => {
		expect(reviewingRegion({ region: county, stage: "review" })).toBe(county);
		expect(reviewingRegion({ region: county, stage: "rereview" })).toBe(city);
		for (const stage of ["acceptance", "handling", "review_window", "rereview_window", "closed"] as const)
			expect(reviewingRegion({ region: county, stage })).toBeUndefined();
	});
	it("the holder of a case under review is the body that decides it", () => {
		expect(holderOf({ ...base, stage: "review", review: request })).toBe(
			holderKey.review(reviewingRegion({ region: county, stage: "review" }) ?? ""),
		);
		expect(holderOf({ ...base, stage: "rereview", review: request, rereview: request })).toBe(
			holderKey.review(reviewingRegion({ region: county, stage: "rereview" }) ?? ""),
		);
	});
});
