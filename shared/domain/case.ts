/** The case: one registered petition and where it stands. Stage and status are one union each. */
import * as z from "#shared/zod.ts";
import { procedureSchema, replyOutcomeSchema, reviewOutcomeSchema, taskTypeSchema } from "#shared/domain/actions.ts";
import { evidenceSchema } from "#shared/domain/evidence.ts";
import { categorySchema, channelSchema, petitionerSchema, representativeSchema } from "#shared/domain/petition.ts";

/** Where the case is in the lifecycle of domain.md. */
export const stageSchema = z.enum([
	"acceptance", // 受理: intake decides within 15 days (and re-decides after a return)
	"handling", // 办理: the responsible unit handles and replies within 60 (+30) days
	"review_window", // reply issued; the petitioner may ask for 复查 within 30 days
	"review", // 复查 under way (decision within 30 days)
	"rereview_window", // review decided; 复核 may be asked within 30 days
	"rereview", // 复核 under way (decision within 30 days)
	"closed", // 终结 or otherwise closed
]);
export type Stage = z.infer<typeof stageSchema>;

export const statusSchema = z.enum(["open", "closed"]);
export type Status = z.infer<typeof statusSchema>;

/** How a matter is disposed of at acceptance (分类处理). */
export const routeSchema = z.enum(["transfer", "other_procedure", "not_accepted"]); // 转送交办 · 其他法定程序 · 不予受理
export type Route = z.infer<typeof routeSchema>;

export const closeReasonSchema = z.enum([
	"not_accepted", // 不予受理
	"other_procedure", // 转入其他法定程序
	"replied", // 建议/检举类 answered: no 复查/复核 (R29–30)
	"window_expired", // the petitioner let the review or re-review window pass
	"final", // 复核 decided: 终结 (R36¶3)
]);
export type CloseReason = z.infer<typeof closeReasonSchema>;

export const documentKindSchema = z.enum([
	"acceptance_notice", // 受理告知书
	"rejection_notice", // 不予受理告知书
	"other_procedure_notice", // 转其他法定程序告知书
	"extension_notice", // 延期告知书
	"reply", // 信访处理意见书
	"review_decision", // 复查意见书
	"rereview_decision", // 复核意见书
]);
export type DocumentKind = z.infer<typeof documentKindSchema>;

export const caseDocumentSchema = z.object({
	kind: documentKindSchema,
	title: z.string(),
	issuedAt: z.string(),
	text: z.string(),
});
export type CaseDocument = z.infer<typeof caseDocumentSchema>;

const decisionRecordSchema = z.object({
	outcome: reviewOutcomeSchema,
	text: z.string(),
	at: z.string(),
	onTime: z.boolean(),
});

export const caseIdSchema = z.string().check(z.regex(/^XF\d{6}-\d{4}-[0-9A-HJKMNP-TV-Z]{8}$/, "案件编号格式不正确"));

export const caseSchema = z.object({
	caseId: caseIdSchema,
	region: z.string(),
	channel: channelSchema,
	category: z.optional(categorySchema),
	title: z.string(),
	content: z.string(),
	persons: z.optional(z.number().check(z.int())),
	representatives: z.optional(z.array(representativeSchema)), // a group's other representatives (R20)
	public: z.optional(z.boolean()),
	petitioner: petitionerSchema,
	receivedAt: z.string(),
	registeredAt: z.string(),
	status: statusSchema,
	stage: stageSchema,
	/** The pending human step, if any (the task item holds its token). */
	pendingTask: z.optional(taskTypeSchema),
	/** When the current step is due (deadline of the pending task or window). */
	dueAt: z.optional(z.string()),
	overdue: z._default(z.boolean(), false),
	supervisions: z._default(z.number().check(z.int()), 0), // 督办 notices issued
	route: z.optional(routeSchema),
	procedure: z.optional(procedureSchema),
	unit: z.optional(z.string()),
	decidedAt: z.optional(z.string()), // first acceptance decision (及时受理率 counts this one)
	transferredAt: z.optional(z.string()), // latest 转交 to a unit
	mediated: z.optional(z.boolean()), // 其他法定程序: settled by a mediation agreement
	transfers: z._default(z.number().check(z.int()), 0), // 转交 to a unit
	returns: z._default(z.number().check(z.int()), 0), // 退回 by a unit
	handlingDueAt: z.optional(z.string()),
	extended: z._default(z.boolean(), false),
	reply: z.optional(
		z.object({
			outcome: replyOutcomeSchema,
			mediated: z.boolean(),
			text: z.string(),
			at: z.string(),
			onTime: z.boolean(),
		}),
	),
	review: z.optional(
		z.object({ requestedAt: z.string(), reason: z.string(), decision: z.optional(decisionRecordSchema) }),
	),
	rereview: z.optional(
		z.object({ requestedAt: z.string(), reason: z.string(), decision: z.optional(decisionRecordSchema) }),
	),
	evaluation: z.optional(
		z.object({ satisfaction: z.enum(["satisfied", "basically_satisfied", "dissatisfied"]), at: z.string() }),
	),
	/** When the workflow's timer ended the evaluation window (30 days after the reply); no evaluation after it. */
	evaluationClosedAt: z.optional(z.string()),
	closedAt: z.optional(z.string()),
	closeReason: z.optional(closeReasonSchema),
	documents: z._default(z.array(caseDocumentSchema), []),
	/** 证据材料: files the petitioner attached (stored ones have passed the type and size checks). */
	evidence: z._default(z.array(evidenceSchema), []),
	/** 重复信访: how many repeats of this matter came in while it was open (automatic or linked by hand). */
	repeats: z._default(z.number().check(z.int()), 0),
	/** Set on a case staff linked by hand as a repeat of an earlier one. */
	repeatOf: z.optional(caseIdSchema),
	executionArn: z.optional(z.string()),
	queryCodeHash: z.string(),
	version: z.number().check(z.int()),
	eventCount: z.number().check(z.int()),
});
export type Case = z.infer<typeof caseSchema>;
