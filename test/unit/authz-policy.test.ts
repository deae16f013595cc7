import { describe, expect, it } from "vitest";
import { allowedInRegion, allowedOnCase, type Permission, policy, routePermission } from "#shared/auth/policy.ts";
import type { Role } from "#shared/domain/roles.ts";
import type { Claims } from "#shared/http/claims.ts";
import { routes } from "#shared/specs/routes.ts";

const roles = Object.keys(policy) as Role[];
const rolesWith = (permissions: readonly Permission[]) =>
	roles.filter((r) => permissions.some((p) => policy[r][p] !== undefined)).sort();

describe("authorization matrix: every staff route is in the policy table", () => {
	const staffRoutes = routes.filter((r) => r.auth !== "public");

	it("there are staff routes to check", () => {
		expect(staffRoutes.length).toBeGreaterThan(0);
	});

	for (const route of staffRoutes) {
		describe(`${route.method} ${route.path} (${route.function})`, () => {
			it("has a permission entry for its function", () => {
				expect(routePermission[route.function], `routePermission.${route.function} is missing`).toBeDefined();
				expect(routePermission[route.function]?.length).toBeGreaterThan(0);
			});

			it("lists exactly the roles that hold its permission in the policy", () => {
				expect(rolesWith(routePermission[route.function] ?? [])).toEqual([...(route.auth as readonly Role[])].sort());
			});
		});
	}
});

describe("action permissions", () => {
	const expected: [Permission, Role[]][] = [
		["action:accept", ["admin", "intake"]],
		["action:reject", ["admin", "intake"]],
		["action:route_other_procedure", ["admin", "intake"]],
		["action:return", ["admin", "unit"]],
		["action:extend", ["admin", "unit"]],
		["action:reply", ["admin", "unit"]],
		["action:review_decision", ["admin", "reviewer"]],
	];
	for (const [permission, allowed] of expected)
		it(`${permission} belongs to ${allowed.join(" and ")} only`, () => {
			expect(rolesWith([permission])).toEqual(allowed);
		});

	it("leaders may read and list but do nothing else", () => {
		expect(Object.keys(policy.leader).sort()).toEqual(["case:list", "case:read", "stats:read", "units:list"]);
	});
});

describe("scopes", () => {
	const who = (role: Role, region: string, unit?: string): Claims => ({
		sub: `${role}-1`,
		role,
		region,
		...(unit ? { unit } : {}),
	});
	const kase = (
		over: { region?: string; unit?: string; stage?: "acceptance" | "handling" | "review" | "rereview" } = {},
	) => ({
		region: "431127",
		stage: "handling" as const,
		unit: "431127-housing",
		...over,
	});

	it("a unit reads only cases assigned to it", () => {
		const unit = who("unit", "431127", "431127-housing");
		expect(allowedOnCase(unit, "case:read", kase())).toBe(true);
		expect(allowedOnCase(unit, "case:read", kase({ unit: "431127-edu" }))).toBe(false);
		expect(allowedOnCase(unit, "action:reply", kase({ unit: "431127-edu" }))).toBe(false);
	});

	it("a unit without a unit claim reads nothing", () => {
		expect(allowedOnCase(who("unit", "431127"), "case:read", kase())).toBe(false);
	});

	it("the city's leader sees a county's case", () => {
		expect(allowedOnCase(who("leader", "431100"), "case:read", kase())).toBe(true);
		expect(allowedInRegion(who("leader", "431100"), "case:list", "431127")).toBe(true);
	});

	it("a county's leader does not see another county's case", () => {
		expect(allowedOnCase(who("leader", "431102"), "case:read", kase())).toBe(false);
		expect(allowedInRegion(who("leader", "431102"), "case:list", "431127")).toBe(false);
		expect(allowedInRegion(who("leader", "431127"), "case:list", "431100")).toBe(false);
	});

	it("intake acts only in its own county", () => {
		expect(allowedOnCase(who("intake", "431127"), "action:accept", kase({ stage: "acceptance" }))).toBe(true);
		expect(allowedOnCase(who("intake", "431102"), "action:accept", kase({ stage: "acceptance" }))).toBe(false);
	});

	it("the county's reviewer decides 复查, the city's reviewer decides 复核", () => {
		const county = who("reviewer", "431127");
		const city = who("reviewer", "431100");
		expect(allowedOnCase(county, "action:review_decision", kase({ stage: "review" }))).toBe(true);
		expect(allowedOnCase(city, "action:review_decision", kase({ stage: "review" }))).toBe(false);
		expect(allowedOnCase(city, "action:review_decision", kase({ stage: "rereview" }))).toBe(true);
		expect(allowedOnCase(county, "action:review_decision", kase({ stage: "rereview" }))).toBe(false);
	});

	it("no reviewer decides outside a review stage", () => {
		expect(allowedOnCase(who("reviewer", "431127"), "action:review_decision", kase({ stage: "handling" }))).toBe(false);
	});

	it("an admin reaches every case", () => {
		expect(allowedOnCase(who("admin", "431100"), "action:reply", kase({ region: "431102", unit: "431102-edu" }))).toBe(
			true,
		);
	});
});
