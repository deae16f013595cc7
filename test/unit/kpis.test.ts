/** The event → counter mapping and the KPI formulas at their boundaries. */
import { describe, expect, it } from "vitest";
import type { CaseEvent } from "#shared/domain/events.ts";
import { figuresOf, rankOf, shareOf, yoyOf } from "#shared/kpis.ts";
import { MAX_TRANSACTION_ITEMS, applyTransaction } from "#shared/stats/apply.ts";
import { type CaseFacts, step } from "#shared/stats/counters.ts";
import { counterUpdates, parsePeriod, periodsOf } from "#shared/stats/keys.ts";
import { type CountyMonth, sumCounts } from "#shared/stats/read.ts";

const base = {
	caseId: "XF431127-2024-AAAAAAAA",
	region: "431127",
	channel: "online",
	stage: "handling",
	actorRole: "intake",
} as const;
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
	const { year, month } = parsePeriod(period);
	const items: CountyMonth[] = [];
	for (const e of events) {
		const s = step(facts, e);
		facts = s.facts;
		for (const u of counterUpdates(e.region, s.deltas))
			if (u.year === year) items.push({ region: u.region, month: u.month, counts: u.add });
	}
	// Gauges of open cases are not what these tests look at.
	return Object.fromEntries(Object.entries(sumCounts(items, region, month)).filter(([k]) => !k.startsWith("open#")));
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
		expect(c).toMatchObject({
			decided: 1,
			decidedOnTime: 1,
			accepted: 1,
			appeals: 1,
			transferred: 2,
			retransferred: 1,
			transferReturned: 1,
		});
	});

	it("a late decision counts as decided but not on time; a decision after a return is not a decision", () => {
		expect(countsOf([ev("rejected", { onTime: false })])).toMatchObject({ decided: 1, rejected: 1 });
		expect(countsOf([ev("rejected", { onTime: false })]).decidedOnTime).toBeUndefined();
		expect(countsOf([ev("rejected", {})]).decided).toBeUndefined();
	});

	it("a route to another procedure counts it, its procedure and its mediation", () => {
		expect(
			countsOf([ev("routed_other_procedure", { onTime: true, procedure: "litigation", mediated: true })]),
		).toMatchObject({
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
		expect(figuresOf(c)).toMatchObject({
			due: 1,
			completed: 1,
			completedOnTime: 0,
			completionRate: 1,
			onTimeCompletionRate: 0,
		});
	});

	it("an overdue case replied the next year leaves the year before and is counted once in the next", () => {
		const overdue = ev("overdue", { taskType: "handling" }, "2024-12-20T00:00:00.000Z");
		const reply = ev("replied", { onTime: false }, "2025-01-05T00:00:00.000Z");
		expect(figuresOf(countsOf([overdue], "431127", "2024"))).toMatchObject({ due: 1, completed: 0, completionRate: 0 });
		expect(figuresOf(countsOf([overdue, reply], "431127", "2024"))).toMatchObject({
			due: 0,
			completed: 0,
			completionRate: null,
		});
		expect(figuresOf(countsOf([overdue, reply], "431127", "2025"))).toMatchObject({
			due: 1,
			completed: 1,
			completionRate: 1,
		});
		expect(periodsOf("2024-12-31T16:00:01.000Z")).toEqual(["2025", "2025-01"]); // 2025-01-01 00:00:01 CST
	});

	it("first-time resolution: closed without 复查 counts under the reply's time; after 复查 it does not", () => {
		const replied = ev("replied", { onTime: true }, "2024-12-30T00:00:00.000Z");
		const expired = ev("closed", { closeReason: "window_expired" }, "2025-01-29T16:00:01.000Z");
		expect(countsOf([replied, expired], "431127", "2024")).toMatchObject({ replied: 1, resolvedFirstTime: 1 });
		expect(countsOf([replied, expired], "431127", "2025")).toMatchObject({
			closed: 1,
			"closed#reason=window_expired": 1,
		});
		const reviewed = countsOf([
			replied,
			ev("review_requested"),
			ev("review_decided", { onTime: true, outcome: "upheld" }),
			expired,
		]);
		expect(reviewed).toMatchObject({ reviews: 1, reviewsDecided: 1, reviewsDecidedOnTime: 1 });
		expect(reviewed.resolvedFirstTime).toBeUndefined();
		expect(
			countsOf([ev("replied", { onTime: true }), ev("closed", { closeReason: "replied" })]).resolvedFirstTime,
		).toBe(1);
		expect(countsOf([ev("closed", { closeReason: "other_procedure" })]).resolvedFirstTime).toBeUndefined();
	});

	it("an evaluation is filed under its reply's period; satisfied includes basically satisfied", () => {
		const reply = ev("replied", { onTime: true }, "2024-01-31T00:00:00.000Z");
		const c = countsOf(
			[reply, ev("evaluated", { satisfaction: "basically_satisfied" }, "2024-02-10T00:00:00.000Z")],
			"431127",
			"2024-01",
		);
		expect(c).toMatchObject({ evaluated: 1, satisfied: 1, "evaluated#satisfaction=basically_satisfied": 1 });
		expect(countsOf([reply, ev("evaluated", { satisfaction: "dissatisfied" })]).satisfied).toBeUndefined();
	});

	it("task_opened changes nothing", () => {
		expect(step({}, ev("task_opened", { taskType: "acceptance" }))).toEqual({ deltas: [], facts: {}, changed: false });
	});

	it("one item per county and month holds every counter of the event; the city partition holds its counties", () => {
		const u = counterUpdates("431127", [
			{ counter: "received", at: "2024-01-31T16:30:00.000Z", n: 1 },
			{ counter: "received#channel=letter", at: "2024-01-31T16:30:00.000Z", n: 1 },
		]);
		expect(u).toEqual([
			{
				pk: "C#431100#2024",
				sk: "431127#02",
				region: "431127",
				year: 2024,
				month: 2,
				add: { received: 1, "received#channel=letter": 1 },
			},
		]);
	});

	it("deltas on the same item are merged and cancelled ones dropped (a transaction touches an item once)", () => {
		const at = "2024-05-01T00:00:00.000Z";
		expect(
			counterUpdates("431127", [
				{ counter: "x", at, n: 1 },
				{ counter: "x", at, n: -1 },
			]),
		).toEqual([]);
		expect(
			counterUpdates("431127", [
				{ counter: "x", at, n: 1 },
				{ counter: "x", at, n: 2 },
			])[0]?.add,
		).toEqual({ x: 3 });
		const later = counterUpdates("431127", [
			{ counter: "x", at, n: 1 },
			{ counter: "y", at: "2024-03-01T00:00:00.000Z", n: 1 },
		]);
		expect(later.map((x) => x.sk)).toEqual(["431127#05", "431127#03"]);
	});

	it("a whole happy path writes one state item and one counter item per event that counts; task_opened writes nothing", () => {
		const facts: CaseFacts = {};
		const at = "2024-03-01T01:00:00.000Z";
		expect(
			applyTransaction("counters", ev("task_opened", { taskType: "acceptance" }), { facts, applied: [], version: 0 }),
		).toEqual([]);
		const reg = applyTransaction("counters", ev("registered", { category: "appeal" }, at), {
			facts,
			applied: [],
			version: 0,
		});
		expect(reg).toHaveLength(2);
		expect(reg[0]?.Put?.Item).toMatchObject({
			pk: "APPLIED#XF431127-2024-AAAAAAAA",
			sk: "state",
			applied: [seq],
			version: 1,
		});
		expect(reg[1]?.Update?.UpdateExpression).toMatch(
			/^SET #region = :region, #year = :year, #month = :month ADD #c0 :c0, #c1 :c1, #c2 :c2, #c3 :c3$/,
		);
		expect(Object.values(reg[1]?.Update?.ExpressionAttributeNames ?? {})).toContain("received#channel=online");
	});

	it("no event needs more than one state item and three month items, with every optional field set", () => {
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
		const facts: CaseFacts = {
			repliedAt: "2023-06-01T00:00:00.000Z",
			overdueAt: "2023-05-01T00:00:00.000Z",
			overdueOpen: true,
			receivedAt: "2023-04-01T00:00:00.000Z",
			stage: "handling",
			reviewPending: true,
			evaluationPending: true,
		};
		let max = 0;
		for (const type of [
			"registered",
			"accepted",
			"rejected",
			"routed_other_procedure",
			"returned",
			"extended",
			"replied",
			"overdue",
			"review_requested",
			"review_decided",
			"rereview_requested",
			"rereview_decided",
			"evaluated",
			"closed",
			"task_opened",
		] as const) {
			const items = applyTransaction("counters", ev(type, full), { facts, applied: [], version: 1 }).length;
			max = Math.max(max, items);
		}
		expect(max).toBeLessThanOrEqual(4);
		expect(max).toBeLessThanOrEqual(MAX_TRANSACTION_ITEMS);
	});
});

describe("figures that read right in mid-year", () => {
	it("received counts by the time of receipt, not of registration", () => {
		const letter = ev(
			"registered",
			{ channel: "letter", receivedAt: "2023-12-30T02:00:00.000Z" },
			"2024-01-02T02:00:00.000Z",
		);
		expect(countsOf([letter], "431127", "2023")).toMatchObject({ received: 1, "received#channel=letter": 1 });
		expect(countsOf([letter], "431127", "2024").received).toBeUndefined();
	});

	it("first-time resolution and 参评率 count only replies whose window has closed; the rest are pending", () => {
		const replied = ev("replied", { onTime: true }, "2024-03-05T00:00:00.000Z");
		const open = figuresOf(countsOf([replied], "431127", "2024-03"));
		expect(open).toMatchObject({
			completed: 1,
			firstTimePending: 1,
			evaluationPending: 1,
			firstTimeResolutionRate: null,
			evaluationRate: null,
		});
		const closed = figuresOf(
			countsOf(
				[replied, ev("closed", { closeReason: "window_expired" }, "2024-04-05T00:00:00.000Z")],
				"431127",
				"2024-03",
			),
		);
		expect(closed).toMatchObject({
			firstTimePending: 0,
			evaluationPending: 0,
			firstTimeResolutionRate: 1,
			evaluationRate: 0,
		});
		const evaluated = figuresOf(
			countsOf(
				[replied, ev("evaluated", { satisfaction: "satisfied" }, "2024-03-06T00:00:00.000Z")],
				"431127",
				"2024-03",
			),
		);
		expect(evaluated).toMatchObject({
			firstTimePending: 1,
			evaluationPending: 0,
			evaluationRate: 1,
			firstTimeResolutionRate: null,
		});
		const reviewed = figuresOf(
			countsOf([replied, ev("review_requested", {}, "2024-03-10T00:00:00.000Z")], "431127", "2024-03"),
		);
		expect(reviewed).toMatchObject({ firstTimePending: 0, firstTimeResolutionRate: 0 });
	});

	it("open cases by stage follow the case and leave when it closes, filed under its receipt", () => {
		const events = [
			ev("registered", {}, "2024-03-01T00:00:00.000Z"),
			ev("accepted", { onTime: true, category: "appeal", unit: "431127-housing" }, "2024-03-02T00:00:00.000Z"),
			ev("replied", { onTime: true }, "2024-04-02T00:00:00.000Z"),
		];
		let facts: CaseFacts = {};
		const items: CountyMonth[] = [];
		const stagesAfter: string[] = [];
		for (const e of [...events, ev("closed", { closeReason: "window_expired" }, "2024-05-03T00:00:00.000Z")]) {
			const s = step(facts, e);
			facts = s.facts;
			for (const u of counterUpdates(e.region, s.deltas))
				items.push({ region: u.region, month: u.month, counts: u.add });
			const open = figuresOf(sumCounts(items, "431100", 3)).openByStage;
			stagesAfter.push(
				Object.entries(open)
					.filter(([, n]) => n > 0)
					.map(([k, n]) => `${k}:${n}`)
					.join(","),
			);
		}
		expect(stagesAfter).toEqual(["acceptance:1", "handling:1", "review_window:1", ""]);
	});
});

describe("KPI formulas", () => {
	it("202 transfers with one return: accurate transfer 99.5% (the seed)", () => {
		expect(figuresOf({ transferred: 202, transferReturned: 1 }).accurateTransferRate).toBeCloseTo(0.995, 3);
	});

	it("every rate is null when its denominator is 0", () => {
		const f = figuresOf({});
		expect([
			f.timelyAcceptanceRate,
			f.completionRate,
			f.onTimeCompletionRate,
			f.accurateTransferRate,
			f.firstTimeResolutionRate,
			f.evaluationRate,
			f.satisfactionRate,
		]).toEqual([null, null, null, null, null, null, null]);
	});

	it("timely acceptance is decided on time ÷ decided; completion is replied ÷ (replied + overdue unreplied)", () => {
		const f = figuresOf({
			decided: 4,
			decidedOnTime: 3,
			replied: 8,
			repliedOnTime: 6,
			handlingOverdueOpen: 2,
			resolvedFirstTime: 8,
		});
		expect(f).toMatchObject({
			accepted: 4,
			acceptedOnTime: 3,
			timelyAcceptanceRate: 0.75,
			due: 10,
			completionRate: 0.8,
			onTimeCompletionRate: 0.6,
		});
		expect(f.firstTimeResolutionRate).toBe(1);
		expect(figuresOf({ replied: 8, resolvedFirstTime: 5, repliedPending: 2 }).firstTimeResolutionRate).toBeCloseTo(
			5 / 6,
			6,
		);
	});

	it("share of the parent, rank among siblings (ties share a place), year on year", () => {
		const own = figuresOf({ received: 40, "received#channel=letter": 10, transferred: 202, transferReturned: 1 });
		const city = figuresOf({ received: 1000, "received#channel=letter": 244, transferred: 5000, transferReturned: 0 });
		expect(shareOf(own, city).received).toBe(0.04);
		expect(shareOf(own, city).letter).toBeCloseTo(0.041, 3);
		expect(shareOf(own, figuresOf({})).received).toBeNull();
		const perfect = figuresOf({ transferred: 10 });
		expect(
			rankOf(own, [perfect, figuresOf({}), figuresOf({ transferred: 2, transferReturned: 1 })]).accurateTransferRate,
		).toBe(2);
		expect(rankOf(perfect, [perfect]).accurateTransferRate).toBe(1);
		expect(rankOf(figuresOf({}), [perfect]).accurateTransferRate).toBeNull();
		expect(yoyOf(figuresOf({ received: 976 }), figuresOf({ received: 1000 })).received).toBeCloseTo(-0.024, 6);
		expect(yoyOf(own, figuresOf({})).received).toBeNull();
	});
});
