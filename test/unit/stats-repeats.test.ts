/** 重复信访 in the counters: `repeats`, 重复信访率, and first-time resolution without matters that had a repeat. */
import { describe, expect, it } from "vitest";
import type { CaseEvent } from "#shared/domain/events.ts";
import { figuresOf } from "#shared/kpis.ts";
import { type CaseFacts, step } from "#shared/stats/counters.ts";
import { counterUpdates, parsePeriod } from "#shared/stats/keys.ts";
import { type CountyMonth, sumCounts } from "#shared/stats/read.ts";

const base = {
	caseId: "XF431127-2024-AAAAAAAA",
	region: "431127",
	channel: "online",
	stage: "handling",
	actorRole: "intake",
} as const;

/** One case's events, numbered, folded as the aggregator folds them; the year's counts of 431127. */
function countsOf(events: [CaseEvent["type"], Partial<CaseEvent>?, string?][], period = "2024") {
	let facts: CaseFacts = {};
	const { year, month } = parsePeriod(period);
	const items: CountyMonth[] = [];
	events.forEach(([type, extra, at], i) => {
		const e: CaseEvent = {
			...base,
			seq: i + 1,
			type,
			at: at ?? `2024-03-${String(i + 1).padStart(2, "0")}T01:00:00.000Z`,
			...extra,
		};
		const s = step(facts, e);
		facts = s.facts;
		for (const u of counterUpdates(e.region, s.deltas))
			if (u.year === year) items.push({ region: u.region, month: u.month, counts: u.add });
	});
	return sumCounts(items, "431127", month);
}

const repliedAndClosed: [CaseEvent["type"], Partial<CaseEvent>?][] = [
	["registered"],
	["accepted", { onTime: true, category: "appeal", unit: "431127-housing" }],
	["replied", { onTime: true, outcome: "resolved", mediated: false }],
	["closed", { closeReason: "window_expired" }],
];

describe("repeat petitions in the counters", () => {
	it("a matter resolved without 复查 and without a repeat is resolved first time", () => {
		const c = countsOf(repliedAndClosed);
		expect(c.resolvedFirstTime).toBe(1);
		expect(c.repeats ?? 0).toBe(0);
	});

	it("a repeat while open counts in `repeats` and keeps the matter out of first-time resolution", () => {
		const c = countsOf([
			repliedAndClosed[0]!,
			repliedAndClosed[1]!,
			["repeat", { via: "visit", similarity: 0.8 }],
			repliedAndClosed[2]!,
			repliedAndClosed[3]!,
		]);
		expect(c.repeats).toBe(1);
		expect(c.resolvedFirstTime ?? 0).toBe(0);
		const f = figuresOf(c);
		expect(f.repeats).toBe(1);
		expect(f.repeatRate).toBe(0.5); // 1 repeat ÷ (1 case received + 1 repeat)
		expect(f.firstTimeResolutionRate).toBe(0);
	});

	it("a repeat linked by hand after the close takes first-time resolution back; unlinking restores it, under the same months", () => {
		const linked = ["repeat", { repeatCaseId: "XF431127-2024-BBBBBBBB" }, "2024-05-10T01:00:00.000Z"] as const;
		const after = countsOf([...repliedAndClosed, linked as never]);
		expect(after.repeats).toBe(1);
		expect(after.resolvedFirstTime ?? 0).toBe(0);
		const undone = countsOf([
			...repliedAndClosed,
			linked as never,
			["repeat_unlinked", { repeatCaseId: "XF431127-2024-BBBBBBBB" }, "2024-06-01T01:00:00.000Z"],
		]);
		expect(undone.repeats ?? 0).toBe(0);
		expect(undone.resolvedFirstTime).toBe(1);
		// The unlink is filed under May, the repeat's month: June shows nothing.
		const june = countsOf(
			[
				...repliedAndClosed,
				linked as never,
				["repeat_unlinked", { repeatCaseId: "XF431127-2024-BBBBBBBB" }, "2024-06-01T01:00:00.000Z"],
			],
			"2024-06",
		);
		expect(june.repeats ?? 0).toBe(0);
	});

	it("an unlink of a repeat the counters never saw changes nothing", () => {
		const c = countsOf([...repliedAndClosed, ["repeat_unlinked", { repeatCaseId: "XF431127-2024-CCCCCCCC" }]]);
		expect(c.repeats ?? 0).toBe(0);
		expect(c.resolvedFirstTime).toBe(1);
	});

	it("重复信访率 is null without any petition", () => {
		expect(figuresOf({}).repeatRate).toBeNull();
	});
});
