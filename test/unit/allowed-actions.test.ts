import { describe, expect, it } from "vitest";
import { allowedActions } from "#shared/auth/allowed-actions.ts";
import type { TaskType } from "#shared/domain/actions.ts";
import type { Stage } from "#shared/domain/case.ts";
import type { Claims } from "#shared/http/claims.ts";
import type { Role } from "#shared/domain/roles.ts";

/** Each pending step with the stage it belongs to. */
const steps: [TaskType, Stage][] = [
	["acceptance", "acceptance"],
	["handling", "handling"],
	["review_request", "review_window"],
	["review", "review"],
	["rereview_request", "rereview_window"],
	["rereview", "rereview"],
];

/** Callers whose scope covers a 蓝山县 (431127) case held by the housing bureau (reviewers: the body of each level). */
const callers: Record<Role, (step: TaskType) => Claims> = {
	intake: () => ({ sub: "i", role: "intake", region: "431127" }),
	unit: () => ({ sub: "u", role: "unit", region: "431127", unit: "431127-housing" }),
	reviewer: (step) => ({ sub: "r", role: "reviewer", region: step === "rereview" ? "431100" : "431127" }),
	leader: () => ({ sub: "l", role: "leader", region: "431100" }),
	admin: () => ({ sub: "a", role: "admin", region: "431100" }),
};

/** The expected table, written out by hand: role × step → what the workbench offers for the step. */
const expected: Record<Role, Partial<Record<TaskType, string[]>>> = {
	intake: { acceptance: ["accept", "reject", "route_other_procedure"] },
	unit: { handling: ["return", "extend", "reply"] },
	reviewer: { review: ["review_decision"], rereview: ["review_decision"] },
	leader: {},
	admin: {
		acceptance: ["accept", "reject", "route_other_procedure"],
		handling: ["return", "extend", "reply"],
		review: ["review_decision"],
		rereview: ["review_decision"],
	},
};
/** …and on every open case, intake and admin may also link it as a repeat petition (重复信访) by hand. */
const linkers: Role[] = ["intake", "admin"];

const kase = (pendingTask: TaskType, stage: Stage, over: Record<string, unknown> = {}) => ({
	region: "431127",
	unit: "431127-housing",
	status: "open" as const,
	stage,
	pendingTask,
	...over,
});

describe("allowedActions: role × pending step", () => {
	for (const role of Object.keys(callers) as Role[])
		for (const [step, stage] of steps)
			it(`${role} at ${step} → ${(expected[role][step] ?? []).join(", ") || "nothing"}`, () => {
				const extra = linkers.includes(role) ? ["link_repeat"] : [];
				expect(allowedActions(callers[role](step), kase(step, stage))).toEqual([
					...(expected[role][step] ?? []),
					...extra,
				]);
			});
});

describe("allowedActions: scope and state", () => {
	it("offers nothing out of scope", () => {
		expect(allowedActions({ sub: "i", role: "intake", region: "431102" }, kase("acceptance", "acceptance"))).toEqual(
			[],
		);
		expect(allowedActions({ sub: "i", role: "intake", region: "431127" }, kase("handling", "handling"))).toEqual([
			"link_repeat",
		]);
		expect(
			allowedActions({ sub: "u", role: "unit", region: "431127", unit: "431127-edu" }, kase("handling", "handling")),
		).toEqual([]);
		// 复核 is decided one level up: the county's reviewer cannot, the city's can.
		expect(allowedActions({ sub: "r", role: "reviewer", region: "431127" }, kase("rereview", "rereview"))).toEqual([]);
		expect(allowedActions({ sub: "r", role: "reviewer", region: "431100" }, kase("review", "review"))).toEqual([]);
	});

	it("offers nothing on a closed case or one without a pending step", () => {
		const admin: Claims = { sub: "a", role: "admin", region: "431100" };
		expect(allowedActions(admin, kase("handling", "closed", { status: "closed" }))).toEqual([]);
		expect(allowedActions(admin, { region: "431127", status: "open", stage: "acceptance" })).toEqual(["link_repeat"]);
	});

	it("offers unlinking on a linked repeat and no link on a repeat or an original with repeats", () => {
		const intake: Claims = { sub: "i", role: "intake", region: "431127" };
		expect(allowedActions(intake, kase("acceptance", "acceptance", { repeatOf: "XF431127-2026-ABCDEFGH" }))).toEqual([
			"accept",
			"reject",
			"route_other_procedure",
			"unlink_repeat",
		]);
		expect(allowedActions(intake, kase("acceptance", "acceptance", { repeats: 2 }))).toEqual([
			"accept",
			"reject",
			"route_other_procedure",
		]);
		expect(
			allowedActions(
				{ sub: "u", role: "unit", region: "431127", unit: "431127-housing" },
				kase("handling", "handling", { repeatOf: "XF431127-2026-ABCDEFGH" }),
			),
		).toEqual(["return", "extend", "reply"]);
	});
});
