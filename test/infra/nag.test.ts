/**
 * cdk-nag's AwsSolutions pack over both stages (with the optional WAF too): no error and no warning
 * may remain unacknowledged, and every acknowledgement in infra/nag.ts must still match a finding of
 * the stacks built without them — so the one list of reasons stays exact.
 */
import { AwsSolutionsChecks } from "cdk-nag";
import { describe, expect, it } from "vitest";
import { acknowledgements } from "#infra/nag.ts";
import { buildStacks } from "#infra/stacks.ts";
import { testApp } from "../support/cdk.ts";

function findings(context: Record<string, unknown>) {
	const app = testApp(context);
	const stacks = buildStacks(app);
	const report = new AwsSolutionsChecks(app).validateScope(app);
	const found = report.violations.flatMap((v) =>
		v.violatingResources.map((r) => ({
			rule: v.ruleName,
			severity: (v as { severity?: string }).severity,
			path: (r as { constructPath?: string }).constructPath ?? "",
		})),
	);
	return { stacks, found };
}

describe("cdk-nag AwsSolutions", () => {
	it.each([
		["dev", { stage: "dev" }],
		["prod", { stage: "prod" }],
		["prod with WAF", { stage: "prod", waf: "true" }],
	])("%s: no unacknowledged finding", (_, context) => {
		// Act
		const { found } = findings(context);

		// Assess
		expect(found.map((f) => `${f.severity} ${f.rule} ${f.path}`)).toEqual([]);
	});

	it("every acknowledgement matches a finding of the stacks built without them, each with a reason", () => {
		// Prepare
		const { stacks, found } = findings({ stage: "prod", waf: "true", "nag:acknowledge": false });

		// Act
		const list = acknowledgements(stacks);
		const unmatched = list.filter(
			(a) =>
				!found.some(
					(f) => f.rule === a.id && (f.path === a.scope.node.path || f.path.startsWith(`${a.scope.node.path}/`)),
				),
		);

		// Assess
		expect(found.length).toBeGreaterThan(0);
		expect(unmatched.map((a) => `${a.id} on ${a.scope.node.path}`)).toEqual([]);
		for (const a of list) expect(a.reason.length, a.id).toBeGreaterThan(20);
	});
});
