/**
 * The lifecycle rules called directly, at the boundary day of every deadline: the last day of a
 * period is still in time, the day after it is not. Dates are China Standard Time (docs/lifecycle.md).
 */
import { describe, expect, it } from "vitest";
import type { Action } from "#shared/domain/actions.ts";
import { type Case, caseSchema } from "#shared/domain/case.ts";
import {
	type Actor,
	applyAction,
	applyEvaluation,
	applyReviewRequest,
	applySupervision,
	type Transition,
} from "#shared/rules/lifecycle.ts";

const at = (cst: string) => Date.parse(`${cst}+08:00`);
const lastMs = (day: string) => at(`${day}T23:59:59.999`);
const firstMs = (day: string) => at(`${day}T00:00:00.000`);

const intake: Actor = { role: "intake", id: "wang" };
const unit: Actor = { role: "unit", id: "li" };
const reviewer: Actor = { role: "reviewer", id: "zhao" };

const accept: Action = { type: "accept", category: "appeal", unit: "431127-housing" };
const reply: Action = { type: "reply", outcome: "resolved", mediated: false, text: "经调查，已整改。" };
const decide: Action = { type: "review_decision", outcome: "upheld", text: "维持原处理意见。" };

/** A case received on Friday 1 March 2024, 10:00 CST, waiting for the acceptance decision. */
function received(receivedAt = "2024-03-01T10:00:00"): Case {
	const receivedIso = new Date(at(receivedAt)).toISOString();
	return caseSchema.parse({
		caseId: "XF431127-2024-0000000A",
		region: "431127",
		channel: "online",
		title: "小区道路积水",
		content: "请求修复排水。",
		petitioner: { name: "张三", idNumber: "11010519491231002X", phone: "13800138000" },
		receivedAt: receivedIso,
		registeredAt: receivedIso,
		status: "open",
		stage: "acceptance",
		pendingTask: "acceptance",
		dueAt: new Date(lastMs("2024-03-16")).toISOString(),
		queryCodeHash: "0".repeat(64),
		version: 1,
		eventCount: 1,
	});
}

/** The case after each transition, as the store would keep it. */
const then = (t: Transition | Omit<Transition, "result">) => t.after;

const accepted = (on = "2024-03-01T11:00:00") => then(applyAction(received(), accept, at(on), intake));
const replied = (on = "2024-04-01T10:00:00") => then(applyAction(accepted(), reply, at(on), unit));
const reviewAsked = (on = "2024-04-10T10:00:00") => then(applyReviewRequest(replied(), "不服处理意见", at(on)));
const reviewDecided = (on = "2024-04-20T10:00:00") => then(applyAction(reviewAsked(), decide, at(on), reviewer));
const rereviewAsked = (on = "2024-04-25T10:00:00") => then(applyReviewRequest(reviewDecided(), "不服复查意见", at(on)));

const refusal = (fn: () => unknown) => {
	try {
		fn();
	} catch (err) {
		return err as { name: string; code: string; field?: string };
	}
	throw new Error("the rule did not refuse");
};

describe("R22: the acceptance decision within 15 days of receipt", () => {
	it("received 1 March: due at the end of 16 March", () => {
		expect(received().dueAt).toBe(new Date(lastMs("2024-03-16")).toISOString());
	});

	for (const type of ["accept", "reject", "route_other_procedure"] as const) {
		const action: Action =
			type === "accept"
				? accept
				: type === "reject"
					? { type, reason: "不属于受理范围" }
					: { type, procedure: "litigation", reason: "应当诉讼" };
		it(`${type} on day 15 is on time, on day 16 is not`, () => {
			const onDay15 = applyAction(received(), action, lastMs("2024-03-16"), intake);
			const onDay16 = applyAction(received(), action, firstMs("2024-03-17"), intake);
			expect(onDay15.events[0]).toMatchObject({ onTime: true, days: 15 });
			expect(onDay16.events[0]).toMatchObject({ onTime: false, days: 16 });
			expect(onDay16.after.decidedAt).toBe(new Date(firstMs("2024-03-17")).toISOString());
		});
	}

	it("a unit outside the case's region is refused on its field", () => {
		const err = refusal(() =>
			applyAction(received(), { ...accept, unit: "431102-housing" }, at("2024-03-02T09:00:00"), intake),
		);
		expect(err).toMatchObject({ name: "RuleViolation", code: "UNIT_NOT_IN_REGION", field: "unit" });
	});

	it("a missed acceptance is supervised: overdue, one notice, chased again 5 days after the missed day", () => {
		const kase = received();
		const t = applySupervision(kase, "acceptance", firstMs("2024-03-17"));
		expect(t.after).toMatchObject({
			overdue: true,
			supervisions: 1,
			stage: "acceptance",
			dueAt: new Date(lastMs("2024-03-21")).toISOString(),
		});
		expect(t.events).toEqual([
			expect.objectContaining({ type: "overdue", taskType: "acceptance", actorRole: "system" }),
		]);
		expect(t.result).toEqual({
			next: "acceptance",
			timer: { seconds: Math.ceil((lastMs("2024-03-21") - firstMs("2024-03-17")) / 1000) },
		});
		// A timer that fires late still counts the follow-up from the missed day.
		const late = applySupervision(kase, "acceptance", at("2024-03-19T08:00:00"));
		expect(late.after.dueAt).toBe(new Date(lastMs("2024-03-21")).toISOString());
		// The next notice counts from the follow-up deadline it missed.
		const again = applySupervision(t.after, "acceptance", firstMs("2024-03-22"));
		expect(again.after).toMatchObject({ supervisions: 2, dueAt: new Date(lastMs("2024-03-26")).toISOString() });
	});
});

describe("R23¶3: a unit returns a matter within 5 working days of the transfer", () => {
	// Transferred on Friday 1 March: Mon 4 … Fri 8 March are the five working days.
	const returnOn = (ms: number) =>
		applyAction(accepted("2024-03-01T11:00:00"), { type: "return", reason: "不属本单位职责" }, ms, unit);

	it("across the weekend: Friday 8 March (the 5th working day) is in time", () => {
		const t = returnOn(lastMs("2024-03-08"));
		expect(t.after).toMatchObject({ stage: "acceptance", pendingTask: "acceptance", unit: undefined, returns: 1 });
		expect(t.events).toEqual([expect.objectContaining({ type: "returned", days: 7 })]);
		// Intake re-decides within 5 days of the return.
		expect(t.after.dueAt).toBe(new Date(lastMs("2024-03-13")).toISOString());
	});

	it("Saturday 9 March is too late", () => {
		expect(refusal(() => returnOn(firstMs("2024-03-09")))).toMatchObject({
			name: "RuleViolation",
			code: "RETURN_WINDOW_PASSED",
		});
	});

	it("the re-transfer after a return is a transfer, not a second acceptance decision", () => {
		const back = then(returnOn(at("2024-03-05T10:00:00")));
		const t = applyAction(back, { ...accept, unit: "431127-hrss" }, at("2024-03-06T10:00:00"), intake);
		expect(t.events[0]).toMatchObject({ type: "accepted", retransfer: true });
		expect(t.events[0]?.onTime).toBeUndefined();
		expect(t.after).toMatchObject({ unit: "431127-hrss", transfers: 2, decidedAt: back.decidedAt });
	});
});

describe("R34: handled within 60 days of acceptance, 90 after the one extension", () => {
	// Accepted on 1 March: day 60 is 30 April, day 90 is 30 May.
	it("the handling deadline is the end of day 60", () => {
		expect(accepted()).toMatchObject({
			stage: "handling",
			handlingDueAt: new Date(lastMs("2024-04-30")).toISOString(),
		});
	});

	it("a reply on day 60 is on time, on day 61 is not", () => {
		expect(applyAction(accepted(), reply, lastMs("2024-04-30"), unit).events[0]).toMatchObject({
			type: "replied",
			onTime: true,
			days: 60,
		});
		expect(applyAction(accepted(), reply, firstMs("2024-05-01"), unit).events[0]).toMatchObject({
			type: "replied",
			onTime: false,
			days: 61,
		});
	});

	it("an extension may be asked up to day 60, not on day 61", () => {
		const extend: Action = { type: "extend", reason: "需补充调查" };
		const t = applyAction(accepted(), extend, lastMs("2024-04-30"), unit);
		expect(t.after).toMatchObject({ extended: true, handlingDueAt: new Date(lastMs("2024-05-30")).toISOString() });
		expect(refusal(() => applyAction(accepted(), extend, firstMs("2024-05-01"), unit))).toMatchObject({
			code: "DEADLINE_PASSED",
		});
		expect(refusal(() => applyAction(t.after, extend, at("2024-05-02T10:00:00"), unit))).toMatchObject({
			code: "ALREADY_EXTENDED",
		});
	});

	it("extended: a reply on day 90 is on time, on day 91 is not", () => {
		const extended = then(
			applyAction(accepted(), { type: "extend", reason: "需补充调查" }, at("2024-04-20T10:00:00"), unit),
		);
		expect(applyAction(extended, reply, lastMs("2024-05-30"), unit).events[0]).toMatchObject({
			onTime: true,
			days: 90,
		});
		expect(applyAction(extended, reply, firstMs("2024-05-31"), unit).events[0]).toMatchObject({
			onTime: false,
			days: 91,
		});
	});

	it("a suggestion closes with its reply; an appeal opens the review window", () => {
		const suggestion = then(
			applyAction(received(), { ...accept, category: "suggestion" }, at("2024-03-01T11:00:00"), intake),
		);
		expect(applyAction(suggestion, reply, at("2024-04-01T10:00:00"), unit).after).toMatchObject({
			status: "closed",
			closeReason: "replied",
		});
		expect(replied()).toMatchObject({ stage: "review_window", pendingTask: "review_request" });
	});
});

describe("R35: 复查 asked within 30 days of the reply, decided within 30 days of the request", () => {
	// Replied on 1 April: day 30 is 1 May.
	it("asking on day 30 opens the review; on day 31 the window is closed", () => {
		const t = applyReviewRequest(replied(), "不服处理意见", lastMs("2024-05-01"));
		expect(t.after).toMatchObject({ stage: "review", pendingTask: "review" });
		expect(t.events).toEqual([expect.objectContaining({ type: "review_requested", actorRole: "petitioner" })]);
		expect(refusal(() => applyReviewRequest(replied(), "不服处理意见", firstMs("2024-05-02")))).toMatchObject({
			code: "WINDOW_CLOSED",
		});
	});

	it("asking before any reply is refused as not yet", () => {
		expect(refusal(() => applyReviewRequest(accepted(), "不服", at("2024-03-05T10:00:00")))).toMatchObject({
			code: "NOT_YET",
		});
	});

	// Requested on 10 April: day 30 is 10 May.
	it("deciding on day 30 is on time, on day 31 is not; either way the 复核 window opens", () => {
		const onDay30 = applyAction(reviewAsked(), decide, lastMs("2024-05-10"), reviewer);
		const onDay31 = applyAction(reviewAsked(), decide, firstMs("2024-05-11"), reviewer);
		expect(onDay30.events[0]).toMatchObject({ type: "review_decided", onTime: true });
		expect(onDay31.events[0]).toMatchObject({ type: "review_decided", onTime: false });
		expect(onDay31.after).toMatchObject({ stage: "rereview_window", review: { decision: { onTime: false } } });
	});
});

describe("R36: 复核 asked within 30 days of the review decision, decided within 30 days, then final", () => {
	// Review decided on 20 April: day 30 is 20 May.
	it("asking on day 30 opens the re-review; on day 31 the window is closed", () => {
		expect(applyReviewRequest(reviewDecided(), "不服复查意见", lastMs("2024-05-20")).after).toMatchObject({
			stage: "rereview",
		});
		expect(refusal(() => applyReviewRequest(reviewDecided(), "不服复查意见", firstMs("2024-05-21")))).toMatchObject({
			code: "WINDOW_CLOSED",
		});
	});

	// Requested on 25 April: day 30 is 25 May.
	it("deciding on day 30 is on time, on day 31 is not; the matter is closed as final", () => {
		const onDay30 = applyAction(rereviewAsked(), decide, lastMs("2024-05-25"), reviewer);
		const onDay31 = applyAction(rereviewAsked(), decide, firstMs("2024-05-26"), reviewer);
		expect(onDay30.events.map((e) => [e.type, e.onTime])).toEqual([
			["rereview_decided", true],
			["closed", undefined],
		]);
		expect(onDay31.events[0]).toMatchObject({ type: "rereview_decided", onTime: false });
		expect(onDay31.after).toMatchObject({ status: "closed", closeReason: "final" });
		expect(onDay31.result.next).toBe("done");
	});

	it("after the final decision no further review is accepted", () => {
		const final = then(applyAction(rereviewAsked(), decide, at("2024-05-01T10:00:00"), reviewer));
		expect(refusal(() => applyReviewRequest(final, "再次申请", at("2024-05-02T10:00:00")))).toMatchObject({
			code: "FINAL",
		});
	});
});

describe("evaluation: once, within 30 days of the reply", () => {
	// Replied on 1 April: day 30 is 1 May.
	it("on day 30 it is recorded; on day 31 the window is closed", () => {
		const t = applyEvaluation(replied(), "satisfied", lastMs("2024-05-01"));
		expect(t.after.evaluation).toEqual({ satisfaction: "satisfied", at: new Date(lastMs("2024-05-01")).toISOString() });
		expect(t.events).toEqual([
			expect.objectContaining({ type: "evaluated", satisfaction: "satisfied", actorRole: "petitioner" }),
		]);
		expect(refusal(() => applyEvaluation(replied(), "satisfied", firstMs("2024-05-02")))).toMatchObject({
			code: "WINDOW_CLOSED",
		});
	});

	it("not before the reply, and not twice", () => {
		expect(refusal(() => applyEvaluation(accepted(), "satisfied", at("2024-03-05T10:00:00")))).toMatchObject({
			code: "NOT_YET",
		});
		const evaluated = then(applyEvaluation(replied(), "dissatisfied", at("2024-04-02T10:00:00")));
		expect(refusal(() => applyEvaluation(evaluated, "satisfied", at("2024-04-03T10:00:00")))).toMatchObject({
			code: "ALREADY_EVALUATED",
		});
	});

	it("the window counts from the reply, not from a later review decision", () => {
		expect(refusal(() => applyEvaluation(reviewDecided(), "satisfied", firstMs("2024-05-02")))).toMatchObject({
			code: "WINDOW_CLOSED",
		});
	});
});
