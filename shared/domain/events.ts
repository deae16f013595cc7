/**
 * Metric events: every state change of a case writes one, in the same transaction as the case (the
 * outbox). The stats aggregator consumes them; their fields are what the KPIs need. One schema.
 */
import * as z from "#shared/zod.ts";
import { procedureSchema, replyOutcomeSchema, reviewOutcomeSchema, taskTypeSchema } from "#shared/domain/actions.ts";
import { closeReasonSchema, routeSchema, stageSchema } from "#shared/domain/case.ts";
import { categorySchema, channelSchema } from "#shared/domain/petition.ts";

export const actorRoleSchema = z.enum(["petitioner", "intake", "unit", "reviewer", "leader", "admin", "system"]);
export type ActorRole = z.infer<typeof actorRoleSchema>;

export const eventTypeSchema = z.enum([
	"registered", // 登记 (received: channel)
	"task_opened", // a human step is pending (workflow)
	"accepted", // 受理 + 转送/交办 to a unit (transfer)
	"rejected", // 不予受理
	"routed_other_procedure", // 其他法定程序
	"returned", // 退回 by the unit (counts against 准确转交率)
	"extended", // 延期 (+30 days)
	"replied", // 答复 (outcome, mediated, onTime)
	"overdue", // a step passed its deadline: 督办
	"review_requested", // 复查申请
	"review_decided", // 复查决定
	"rereview_requested", // 复核申请
	"rereview_decided", // 复核决定
	"evaluated", // 满意度评价
	"evaluation_window_closed", // the evaluation window (30 days after the reply) ended: the workflow's timer
	"closed", // 结案 (closeReason)
	"repeat", // 重复信访: the same person on the same matter while this case is open (via, similarity | repeatCaseId)
	"repeat_unlinked", // a repeat linked by hand was unlinked (repeatCaseId)
	"linked_as_repeat", // this case was linked by hand as a repeat of repeatOf
	"unlinked_as_repeat", // that link was undone
]);
export type EventType = z.infer<typeof eventTypeSchema>;

export const caseEventSchema = z.object({
	caseId: z.string(),
	seq: z.number().check(z.int(), z.gte(1)),
	type: eventTypeSchema,
	at: z.string(),
	actorRole: actorRoleSchema,
	actor: z.optional(z.string()),
	region: z.string(),
	channel: channelSchema,
	category: z.optional(categorySchema),
	route: z.optional(routeSchema),
	unit: z.optional(z.string()),
	stage: stageSchema,
	/** Step-specific facts the KPIs need. */
	taskType: z.optional(taskTypeSchema),
	onTime: z.optional(z.boolean()), // decided/replied within its (extended) deadline
	days: z.optional(z.number()), // calendar days the step took
	mediated: z.optional(z.boolean()), // 协议调解成功
	outcome: z.optional(z.union([replyOutcomeSchema, reviewOutcomeSchema])),
	procedure: z.optional(procedureSchema),
	satisfaction: z.optional(z.enum(["satisfied", "basically_satisfied", "dissatisfied"])),
	closeReason: z.optional(closeReasonSchema),
	reason: z.optional(z.string()),
	retransfer: z.optional(z.boolean()), // an accept after a return: a transfer, not a new acceptance
	via: z.optional(channelSchema), // repeat: the channel the repeat came by
	similarity: z.optional(z.number()), // repeat (automatic): how alike the texts were (0–1)
	repeatCaseId: z.optional(z.string()), // repeat linked by hand: the other case
	repeatOf: z.optional(z.string()), // linked_as_repeat / unlinked_as_repeat: the original
	evaluationUntil: z.optional(z.string()), // on `replied`: when its evaluation window ends (an evaluation_window_closed event will mark it)
	receivedAt: z.optional(z.string()), // on `registered`: when the matter was received (a letter's date), counted by it
});
export type CaseEvent = z.infer<typeof caseEventSchema>;

/** An event before the store numbers it. */
export type EventDraft = Omit<CaseEvent, "seq" | "caseId">;
