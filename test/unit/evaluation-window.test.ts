/**
 * The evaluation window's end in the rules: which step result starts the evaluation timer, which write
 * records `evaluation_window_closed`, and that it is recorded once. Dates are China Standard Time.
 */
import { describe, expect, it } from "vitest";
import type { Action } from "#shared/domain/actions.ts";
import { type Case, caseSchema } from "#shared/domain/case.ts";
import { deadlines, followUp } from "#shared/rules/deadlines.ts";
import {
	applyAction,
	applyEvaluation,
	applyEvaluationWindowEnd,
	applyReviewRequest,
	applyWindowExpiry,
	evaluationWindowEnd,
} from "#shared/rules/lifecycle.ts";

const at = (cst: string) => Date.parse(`${cst}+08:00`);
const unit = { role: "unit", id: "li" } as const;
const reply: Action = { type: "reply", outcome: "resolved", mediated: false, text: "经调查，已整改。" };

/** A case in handling since 1 March 2024 (category as given). */
function handling(category: "appeal" | "suggestion"): Case {
	const received = new Date(at("2024-03-01T10:00:00")).toISOString();
	return caseSchema.parse({
		caseId: "XF431127-2024-0000000B",
		region: "431127",
		channel: "online",
		category,
		unit: "431127-housing",
		title: "小区道路积水",
		content: "请求修复排水。",
		petitioner: { name: "张三", idNumber: "11010519491231002X", phone: "13800138000" },
		receivedAt: received,
		registeredAt: received,
		transferredAt: received,
		handlingDueAt: new Date(at("2024-04-30T23:59:59.999")).toISOString(),
		status: "open",
		stage: "handling",
		pendingTask: "handling",
		dueAt: new Date(at("2024-04-30T23:59:59.999")).toISOString(),
		queryCodeHash: "0".repeat(64),
		version: 3,
		eventCount: 4,
	});
}

const until = new Date(at("2024-05-02T00:00:00.000")).toISOString(); // replied 1 April: the window runs through 1 May

describe("the evaluation window", () => {
	it("ends with the review window: both are 30 days from the reply", () => {
		expect(deadlines.reviewRequestDays).toBe(followUp.evaluationDays);
		expect(new Date(evaluationWindowEnd(at("2024-04-01T10:00:00"))).toISOString()).toBe(until);
	});

	it("a reply that closes the case starts the evaluation timer; an appeal's reply does not (its review window's close ends both)", () => {
		const suggestion = applyAction(handling("suggestion"), reply, at("2024-04-01T10:00:00"), unit);
		expect(suggestion.result).toMatchObject({ next: "done", evaluation: { until } });
		expect(suggestion.events.find((e) => e.type === "replied")).toMatchObject({ evaluationUntil: until });
		const appeal = applyAction(handling("appeal"), reply, at("2024-04-01T10:00:00"), unit);
		expect(appeal.result.evaluation).toBeUndefined();
		expect(appeal.events[0]).toMatchObject({ type: "replied", evaluationUntil: until });

		const expired = applyWindowExpiry(appeal.after, Date.parse(until));
		expect(expired.events.map((e) => e.type)).toEqual(["closed", "evaluation_window_closed"]);
		expect(expired.after.evaluationClosedAt).toBe(until);
	});

	it("a 复查 request starts the evaluation timer; the re-review window's close does not record it again", () => {
		const appeal = applyAction(handling("appeal"), reply, at("2024-04-01T10:00:00"), unit).after;
		const asked = applyReviewRequest(appeal, "不服处理意见", at("2024-04-10T10:00:00"));
		expect(asked.result).toMatchObject({ next: "review", evaluation: { until } });
		const ended = applyEvaluationWindowEnd(asked.after, Date.parse(until));
		expect(ended?.events.map((e) => e.type)).toEqual(["evaluation_window_closed"]);
		expect(applyEvaluationWindowEnd(ended!.after, Date.parse(until) + 1000)).toBeUndefined();
		const rereviewWindow = { ...ended!.after, stage: "rereview_window" as const };
		expect(applyWindowExpiry(rereviewWindow, at("2024-06-01T10:00:00")).events.map((e) => e.type)).toEqual(["closed"]);
	});

	it("no evaluation after the window's end, nor after its event", () => {
		const appeal = applyAction(handling("appeal"), reply, at("2024-04-01T10:00:00"), unit).after;
		expect(applyEvaluation(appeal, "satisfied", Date.parse(until) - 1).events).toHaveLength(1);
		expect(() => applyEvaluation(appeal, "satisfied", Date.parse(until))).toThrow(/评价期限/);
		const ended = applyEvaluationWindowEnd(appeal, at("2024-04-20T10:00:00"))!.after;
		expect(() => applyEvaluation(ended, "satisfied", at("2024-04-20T11:00:00"))).toThrow(/评价期限/);
	});
});
