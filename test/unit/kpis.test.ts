/** The event → counter mapping and the KPI formulas at their boundaries. */
import { describe, expect, it } from "vitest";
import type { CaseEvent } from "#shared/domain/events.ts";
import { figuresOf, rankOf, shareOf, yoyOf } from "#shared/kpis.ts";
import { MAX_TRANSACTION_ITEMS, applyTransaction } from "#shared/stats/apply.ts";
import { type CaseFacts, step } from "#shared/stats/counters.ts";
import { counterUpdates, periodsOf } from "#shared/stats/keys.ts";

const base = { caseId: "XF431127-2024-AAAAAAAA", region: "431127", channel: "online", stage: "handling", actorRole: "intake" } as const;
let seq = 0;
const ev = (type: CaseEvent["type"], extra: Partial<CaseEvent> = {}, at = "2024-03-01T01:00:00.000Z"): CaseEvent => ({
	...base,
	seq: ++seq,
	type,
	at,
	...extra,
});

/** Folds events as the aggregator does and sums the counters of one region and period. */
function countsOf(events: CaseEvent[], region = "431127", period = "2024") {
	let facts: CaseFacts = {};
	const counts: Record<string, number> = {};
	for (const e of events) {
		const s = step(facts, e);
		facts = s.facts;
		for (const u of counterUpdates(e.region, s.deltas))
			if (u.pk === `C#${region}#${period}`) counts[u.sk] = (counts[u.sk] ?? 0) + u.n;
	}
	return counts;
}

describe("event → counter deltas", () => {
	it("a registration counts received, by channel and by category", () => {
		expect(countsOf([ev("registered", { channel: "letter", category: "appeal" })])).toEqual({
			received: 1,
			"received#channel=letter": 1,
			"received#category=appeal": 1,
		});
	});

	it("a first accept is a decision, an acceptance and a transfer; a retransfer is only a transfer", () => {
		const c = countsOf([
			ev("accepted", { onTime: true, days: 3, category: "appeal", unit: "431127-hrss" }),
			ev("returned", { unit: "431127-hrss" }),
			ev("accepted", { retransfer: true, category: "appeal", unit: "431127-housing" }),
		]);
		expect(c).toMatchObject({ decided: 1, decidedOnTime: 1, accepted: 1, appeals: 1, transferred: 2, retransferred: 1, transferReturned: 1 });
	});

	it("a late decision counts as decided but not on time; a decision after a return is not a decision", () => {
		expect(countsOf([ev("rejected", { onTime: false })])).toMatchObject({ decided: 1, rejected: 1 });
		expect(countsOf([ev("rejected", { onTime: false })]).decidedOnTime).toBeUndefined();
		expect(countsOf([ev("rejected", {})]).decided).toBeUndefined();
	});

	it("a route to another procedure counts it, its procedure and its mediation", () => {
		expect(countsOf([ev("routed_other_procedure", { onTime: true, procedure: "litigation", mediated: true })])).toMatchObject({
			decided: 1,
			otherProcedure: 1,
			"otherProcedure#procedure=litigation": 1,
			otherProcedureMediated: 1,
		});
	});

	it("only the first handling overdue counts as due; the reply takes it back from the open count", () => {
		const events = [
			ev("overdue", { taskType: "acceptance" }),
			ev("overdue", { taskType: "handling" }),
			ev("overdue", { taskType: "handling" }),
			ev("replied", { onTime: false, mediated: true, category: "appeal", outcome: "resolved" }),
		];
		expect(countsOf(events.slice(0, 3))).toMatchObject({ overdue: 3, handlingOverdue: 1, handlingOverdueOpen: 1 });
		const c = countsOf(events);
		expect(c.handlingOverdueOpen).toBe(0);
		expect(c).toMatchObject({ replied: 1, appealsMediated: 1, repliedMediated: 1, handlingOverdue: 1 });
		expect(figuresOf(c)).toMatchObject({ due: 1, completed: 1, completedOnTime: 0, completionRate: 1, onTimeCompletionRate: 0 });
	});

	it("an overdue case replied the next year leaves the year before and is counted once in the next", () => {
		const overdue = ev("overdue", { taskType: "handling" }, "2024-12-20T00:00:00.000Z");
		const reply = ev("replied", { onTime: false }, "2025-01-05T00:00:00.000Z");
		expect(figuresOf(countsOf([overdue], "431127", "2024"))).toMatchObject({ due: 1, completed: 0, completionRate: 0 });
		expect(figuresOf(countsOf([overdue, reply], "431127", "2024"))).toMatchObject({ due: 0, completed: 0, completionRate: null });
		expect(figuresOf(countsOf([overdue, reply], "431127", "2025"))).toMatchObject({ due: 1, completed: 1, completionRate: 1 });
		expect(periodsOf("2024-12-31T16:00:01.000Z")).toEqual(["2025", "2025-01"]); // 2025-01-01 00:00:01 CST
	});

	it("first-time resolution: closed without 复查 counts under the reply's time; after 复查 it does not", () => {
		const replied = ev("replied", { onTime: true }, "2024-12-30T00:00:00.000Z");
		const expired = ev("closed", { closeReason: "window_expired" }, "2025-01-29T16:00:01.000Z");
		expect(countsOf([replied, expired], "431127", "2024")).toMatchObject({ replied: 1, resolvedFirstTime: 1 });
		expect(countsOf([replied, expired], "431127", "2025")).toMatchObject({ closed: 1, "closed#reason=window_expired": 1 });
		const reviewed = countsOf([replied, ev("review_requested"), ev("review_decided", { onTime: true, outcome: "upheld" }), expired]);
		expect(reviewed).toMatchObject({ reviews: 1, reviewsDecided: 1, reviewsDecidedOnTime: 1 });
		expect(reviewed.resolvedFirstTime).toBeUndefined();
		expect(countsOf([ev("replied", { onTime: true }), ev("closed", { closeReason: "replied" })]).resolvedFirstTime).toBe(1);
		expect(countsOf([ev("closed", { closeReason: "other_procedure" })]).resolvedFirstTime).toBeUndefined();
	});

	it("an evaluation is filed under its reply's period; satisfied includes basically satisfied", () => {
		const reply = ev("replied", { onTime: true }, "2024-01-31T00:00:00.000Z");
		const c = countsOf([reply, ev("evaluated", { satisfaction: "basically_satisfied" }, "2024-02-10T00:00:00.000Z")], "431127", "2024-01");
		expect(c).toMatchObject({ evaluated: 1, satisfied: 1, "evaluated#satisfaction=basically_satisfied": 1 });
		expect(countsOf([reply, ev("evaluated", { satisfaction: "dissatisfied" })]).satisfied).toBeUndefined();
	});

	it("task_opened changes nothing", () => {
		expect(step({}, ev("task_opened", { taskType: "acceptance" }))).toEqual({ deltas: [], facts: {}, changed: false });
	});

	it("every delta reaches the county, the city and the province, in the year and the month (CST)", () => {
		const u = counterUpdates("431127", [{ counter: "received", at: "2024-01-31T16:30:00.000Z", n: 1 }]);
		expect(u.map((x) => x.pk).sort()).toEqual(
			["C#430000#2024", "C#430000#2024-02", "C#431100#2024", "C#431100#2024-02", "C#431127#2024", "C#431127#2024-02"].sort(),
		);
	});

	it("deltas on the same item are merged and cancelled ones dropped (a transaction touches an item once)", () => {
		const at = "2024-05-01T00:00:00.000Z";
		expect(counterUpdates("431127", [{ counter: "x", at, n: 1 }, { counter: "x", at, n: -1 }])).toEqual([]);
		expect(counterUpdates("431127", [{ counter: "x", at, n: 1 }, { counter: "x", at, n: 2 }]).every((u) => u.n === 3)).toBe(true);
	});

	it("no event needs more than 100 transaction items, with every optional field set", () => {
		const full: Partial<CaseEvent> = {
			category: "appeal",
			unit: "431127-housing",
			onTime: true,
			mediated: true,
			outcome: "resolved",
			procedure: "litigation",
			satisfaction: "satisfied",
			closeReason: "replied",
			taskType: "handling",
		};
		const facts: CaseFacts = { repliedAt: "2023-06-01T00:00:00.000Z", overdueAt: "2023-05-01T00:00:00.000Z", overdueOpen: true };
		let max = 0;
		for (const type of ["registered", "accepted", "rejected", "routed_other_procedure", "returned", "extended", "replied", "overdue", "review_requested", "review_decided", "rereview_requested", "rereview_decided", "evaluated", "closed", "task_opened"] as const) {
			const items = applyTransaction("counters", ev(type, full), { facts, version: 1 }).length;
			max = Math.max(max, items);
		}
		expect(max).toBeLessThanOrEqual(MAX_TRANSACTION_ITEMS);
		expect(max).toBeGreaterThan(30);
	});
});

describe("KPI formulas", () => {
	it("202 transfers with one return: accurate transfer 99.5% (the seed)", () => {
		expect(figuresOf({ transferred: 202, transferReturned: 1 }).accurateTransferRate).toBeCloseTo(0.995, 3);
	});

	it("every rate is null when its denominator is 0", () => {
		const f = figuresOf({});
		expect([f.timelyAcceptanceRate, f.completionRate, f.onTimeCompletionRate, f.accurateTransferRate, f.firstTimeResolutionRate, f.evaluationRate, f.satisfactionRate]).toEqual(
			[null, null, null, null, null, null, null],
		);
	});

	it("timely acceptance is decided on time ÷ decided; completion is replied ÷ (replied + overdue unreplied)", () => {
		const f = figuresOf({ decided: 4, decidedOnTime: 3, replied: 8, repliedOnTime: 6, handlingOverdueOpen: 2, resolvedFirstTime: 8 });
		expect(f).toMatchObject({ accepted: 4, acceptedOnTime: 3, timelyAcceptanceRate: 0.75, due: 10, completionRate: 0.8, onTimeCompletionRate: 0.6 });
		expect(f.firstTimeResolutionRate).toBe(1);
	});

	it("share of the parent, rank among siblings (ties share a place), year on year", () => {
		const own = figuresOf({ received: 40, "received#channel=letter": 10, transferred: 202, transferReturned: 1 });
		const city = figuresOf({ received: 1000, "received#channel=letter": 244, transferred: 5000, transferReturned: 0 });
		expect(shareOf(own, city).received).toBe(0.04);
		expect(shareOf(own, city).letter).toBeCloseTo(0.041, 3);
		expect(shareOf(own, figuresOf({})).received).toBeNull();
		const perfect = figuresOf({ transferred: 10 });
		expect(rankOf(own, [perfect, figuresOf({}), figuresOf({ transferred: 2, transferReturned: 1 })]).accurateTransferRate).toBe(2);
		expect(rankOf(perfect, [perfect]).accurateTransferRate).toBe(1);
		expect(rankOf(figuresOf({}), [perfect]).accurateTransferRate).toBeNull();
		expect(yoyOf(figuresOf({ received: 976 }), figuresOf({ received: 1000 })).received).toBeCloseTo(-0.024, 6);
		expect(yoyOf(own, figuresOf({})).received).toBeNull();
	});
});
