/**
 * Staff claims from either home: local tokens carry `role`; a Cognito token carries the user's groups,
 * and exactly one role group gives the role (no group, or two, gives no claims: no access).
 */
import { describe, expect, it } from "vitest";
import { claimsFromPayload, roleFromGroups } from "#shared/http/claims.ts";

describe("staff claims", () => {
	it("reads a local token's plain claims", () => {
		// Act / Assess
		expect(claimsFromPayload({ sub: "wang", role: "intake", region: "431127" })).toEqual({
			sub: "wang",
			role: "intake",
			region: "431127",
		});
	});

	it("reads a Cognito token: the role from its one role group, region and unit from custom attributes", () => {
		// Prepare: as a decoded ID token, and as the HTTP API's JWT authorizer flattens the group array.
		const decoded = {
			sub: "u-1",
			"cognito:groups": ["unit"],
			"custom:region": "431127",
			"custom:unit": "431127-housing",
		};
		const flattened = { ...decoded, "cognito:groups": "[unit]" };

		// Act / Assess
		for (const payload of [decoded, flattened]) {
			expect(claimsFromPayload(payload)).toEqual({
				sub: "u-1",
				role: "unit",
				region: "431127",
				unit: "431127-housing",
			});
		}
	});

	it("gives no role for no role group, an unknown group, or two role groups; custom:role is not read", () => {
		// Act / Assess
		expect(roleFromGroups(undefined)).toBeUndefined();
		expect(roleFromGroups("[auditors]")).toBeUndefined();
		expect(roleFromGroups("[intake admin]")).toBeUndefined();
		expect(roleFromGroups(["leader", "auditors"])).toBe("leader");
		expect(claimsFromPayload({ sub: "u-2", "custom:role": "admin", "custom:region": "431100" })).toBeUndefined();
	});
});
