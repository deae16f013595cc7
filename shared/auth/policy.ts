/**
 * The one authorization table: role × action × scope, default deny. Routes say which roles may call
 * them (shared/specs/routes.ts); this table says what each role may do to which case.
 */
import type { Case } from "#shared/domain/case.ts";
import { reviewingRegion } from "#shared/domain/jurisdiction.ts";
import { isWithin } from "#shared/domain/regions.ts";
import type { Role } from "#shared/domain/roles.ts";
import type { Claims } from "#shared/http/claims.ts";
import type { FunctionName } from "#shared/specs/functions.ts";

/** Everything a staff member can try on a case. */
export type Permission =
	| "case:register"
	| "case:read"
	| "case:list"
	| "units:list"
	| "action:accept"
	| "action:reject"
	| "action:route_other_procedure"
	| "action:return"
	| "action:extend"
	| "action:reply"
	| "action:review_decision"
	| "action:link_repeat"
	| "action:unlink_repeat"
	| "stats:read";

/** How far a role's permission reaches. */
type Scope =
	| "own-region" // the case's region is the caller's region or below it
	| "own-unit" // the case is assigned to the caller's unit
	| "review-level" // the caller is the reviewing body for the case's current review level
	| "any";

export const policy: Record<Role, Partial<Record<Permission, Scope>>> = {
	intake: {
		"case:register": "own-region",
		"case:read": "own-region",
		"case:list": "own-region",
		"units:list": "own-region",
		"action:accept": "own-region",
		"action:reject": "own-region",
		"action:route_other_procedure": "own-region",
		"action:link_repeat": "own-region",
		"action:unlink_repeat": "own-region",
	},
	unit: {
		"case:read": "own-unit",
		"case:list": "own-unit",
		"units:list": "own-region",
		"action:return": "own-unit",
		"action:extend": "own-unit",
		"action:reply": "own-unit",
	},
	reviewer: {
		"case:read": "own-region",
		"case:list": "own-region",
		"units:list": "own-region",
		"action:review_decision": "review-level",
	},
	leader: {
		"case:read": "own-region",
		"case:list": "own-region",
		"units:list": "own-region",
		"stats:read": "own-region",
	},
	admin: {
		"case:register": "any",
		"case:read": "any",
		"case:list": "any",
		"units:list": "any",
		"action:accept": "any",
		"action:reject": "any",
		"action:route_other_procedure": "any",
		"action:return": "any",
		"action:extend": "any",
		"action:reply": "any",
		"action:review_decision": "any",
		"action:link_repeat": "any",
		"action:unlink_repeat": "any",
		"stats:read": "any",
	},
};

/**
 * The permissions behind each staff route's function. The roles a route lists (shared/specs/routes.ts)
 * must be exactly the roles holding at least one of these; test/unit/authz-policy.test.ts fails for a
 * staff route without an entry, so a new route cannot skip the table.
 */
export const routePermission: Partial<Record<FunctionName, readonly Permission[]>> = {
	registerCase: ["case:register"],
	listCases: ["case:list"],
	getCase: ["case:read"],
	listUnits: ["units:list"],
	getStats: ["stats:read"],
	getStatsSeries: ["stats:read"],
	getAnnualReport: ["stats:read"],
	actOnCase: [
		"action:accept",
		"action:reject",
		"action:route_other_procedure",
		"action:return",
		"action:extend",
		"action:reply",
		"action:review_decision",
		"action:link_repeat",
		"action:unlink_repeat",
	],
};

/** The scope a role has for a permission, or undefined when the role may not do it at all. */
export function scopeOf(role: Role, permission: Permission): Scope | undefined {
	return policy[role][permission];
}

/** May `claims` do `permission` in `region` (no particular case, e.g. register or list)? */
export function allowedInRegion(claims: Claims, permission: Permission, region: string): boolean {
	const scope = scopeOf(claims.role, permission);
	if (scope === "any") return true;
	if (scope === "own-region" || scope === "review-level") return isWithin(region, claims.region);
	return false;
}

/** May `claims` do `permission` on this case? */
export function allowedOnCase(
	claims: Claims,
	permission: Permission,
	kase: Pick<Case, "region" | "unit" | "stage">,
): boolean {
	switch (scopeOf(claims.role, permission)) {
		case "any":
			return true;
		case "own-region":
			return isWithin(kase.region, claims.region);
		case "own-unit":
			return claims.unit !== undefined && kase.unit === claims.unit;
		case "review-level":
			return reviewingRegion(kase) === claims.region;
		default:
			return false;
	}
}
