import { describe, expect, it } from "vitest";
import { actionSchema, reviewRequestSchema } from "#shared/domain/actions.ts";
import { petitionSchema } from "#shared/domain/petition.ts";
import { counterState, countChars, textLimits } from "../../web/js/limits.js";
import { samplePetition } from "../support/system.ts";

const chars = (n: number) => "访".repeat(n);

describe("text limits: the form's counter and the server refuse at the same number", () => {
	it("counts characters as the server does (after trimming)", () => {
		expect(countChars("  信访内容  ")).toBe(4);
		expect(countChars(undefined)).toBe(0);
	});

	it("states the limit and says when a text is over it", () => {
		expect(counterState(chars(10), 100)).toMatchObject({
			count: 10,
			over: false,
			text: "已输入 10 字，上限 100 字",
			message: "",
		});
		const over = counterState(chars(103), 100);
		expect(over).toMatchObject({ count: 103, over: true });
		expect(over.message).toContain("上限 100 字");
		expect(over.message).toContain("多 3 字");
	});

	for (const field of ["title", "content"] as const)
		it(`${field}: the server takes exactly ${textLimits[field]} characters and refuses one more`, () => {
			const at = samplePetition({ [field]: chars(textLimits[field]) });
			const past = samplePetition({ [field]: chars(textLimits[field] + 1) });
			expect(counterState(at[field], textLimits[field]).over).toBe(false);
			expect(petitionSchema.safeParse(at).success).toBe(true);
			expect(counterState(past[field], textLimits[field]).over).toBe(true);
			const r = petitionSchema.safeParse(past);
			expect(r.success).toBe(false);
			expect(r.error?.issues[0]?.path).toEqual([field]);
			expect(r.error?.issues[0]?.message).toContain(String(textLimits[field]));
		});

	it("action reasons and texts and review reasons use the same limits", () => {
		expect(actionSchema.safeParse({ type: "reject", reason: chars(textLimits.reason) }).success).toBe(true);
		expect(actionSchema.safeParse({ type: "reject", reason: chars(textLimits.reason + 1) }).success).toBe(false);
		expect(
			actionSchema.safeParse({ type: "review_decision", outcome: "upheld", text: chars(textLimits.text) }).success,
		).toBe(true);
		expect(
			actionSchema.safeParse({ type: "review_decision", outcome: "upheld", text: chars(textLimits.text + 1) }).success,
		).toBe(false);
		expect(reviewRequestSchema.safeParse({ reason: chars(textLimits.reason + 1) }).success).toBe(false);
	});
});
