/** Staff actions on a case (POST /v1/cases/{caseId}/actions) and the petitioner's requests. */
import * as z from "#shared/zod.ts";
import { textLimits } from "#shared/domain/limits.ts";
import { categorySchema } from "#shared/domain/petition.ts";
import { longText } from "#shared/domain/text.ts";

const reason = longText(textLimits.reason, "请填写理由", `理由不能超过 ${textLimits.reason} 字`);
const text = longText(textLimits.text, "请填写意见书正文", `意见书正文不能超过 ${textLimits.text} 字`);

export const procedureSchema = z.enum(["litigation", "arbitration", "reconsideration", "other"]); // 诉讼 · 仲裁 · 行政复议 · 其他
export const replyOutcomeSchema = z.enum(["resolved", "partly", "unresolved"]); // 支持 · 部分支持/解释说明 · 不予支持
export const reviewOutcomeSchema = z.enum(["upheld", "changed"]); // 维持 · 变更

export const actionSchema = z.discriminatedUnion("type", [
	// intake, at acceptance (受理)
	z.strictObject({ type: z.literal("accept"), category: categorySchema, unit: z.string().check(z.minLength(1)) }),
	z.strictObject({ type: z.literal("reject"), reason }),
	z.strictObject({
		type: z.literal("route_other_procedure"),
		procedure: procedureSchema,
		reason,
		mediated: z.optional(z.boolean()),
	}),
	// unit, on receipt and handling (办理)
	z.strictObject({ type: z.literal("return"), reason }),
	z.strictObject({ type: z.literal("extend"), reason }),
	z.strictObject({ type: z.literal("reply"), outcome: replyOutcomeSchema, mediated: z.boolean(), text }),
	// reviewer, on 复查 or 复核
	z.strictObject({ type: z.literal("review_decision"), outcome: reviewOutcomeSchema, text }),
	// intake, on any open case: 重复信访 linked or unlinked by hand (not a step of the workflow)
	z.strictObject({
		type: z.literal("link_repeat"),
		original: z.string().check(z.trim(), z.toUpperCase(), z.minLength(1), z.maxLength(40)),
	}),
	z.strictObject({ type: z.literal("unlink_repeat") }),
]);
export type Action = z.infer<typeof actionSchema>;
export type ActionType = Action["type"];

export const reviewRequestSchema = z.strictObject({ reason });
export const evaluationSchema = z.strictObject({
	satisfaction: z.enum(["satisfied", "basically_satisfied", "dissatisfied"]),
});
export type Satisfaction = z.infer<typeof evaluationSchema>["satisfaction"];

/** The human steps of the lifecycle; each is one waitForTaskToken Task of the workflow. */
export const taskTypeSchema = z.enum([
	"acceptance",
	"handling",
	"review_request",
	"review",
	"rereview_request",
	"rereview",
]);
export type TaskType = z.infer<typeof taskTypeSchema>;

/** Actions on the case itself rather than on its pending step: they do not move the workflow. */
export const caseActions = ["link_repeat", "unlink_repeat"] as const;
export type CaseActionType = (typeof caseActions)[number];
/** An action on the pending step. */
export type StepAction = Exclude<Action, { type: CaseActionType }>;

/** Which actions each pending step takes; any other action is a 409. */
export const actionsByTask: Record<TaskType, readonly string[]> = {
	acceptance: ["accept", "reject", "route_other_procedure"],
	handling: ["return", "extend", "reply"],
	review_request: ["review_request"],
	review: ["review_decision"],
	rereview_request: ["rereview_request"],
	rereview: ["review_decision"],
};
