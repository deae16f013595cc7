/** The case: one registered petition and where it stands. Stage and status are one union each. */
import * as z from "zod";
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

export const caseIdSchema = z.string().regex(/^XF\d{6}-\d{4}-[0-9A-HJKMNP-TV-Z]{8}$/, "案件编号格式不正确");

export const caseSchema = z.object({
	caseId: caseIdSchema,
	region: z.string(),
	channel: channelSchema,
	category: categorySchema.optional(),
	title: z.string(),
	content: z.string(),
	persons: z.number().int().optional(),
	representatives: z.array(representativeSchema).optional(), // a group's other representatives (R20)
	public: z.boolean().optional(),
	petitioner: petitionerSchema,
	receivedAt: z.string(),
	registeredAt: z.string(),
	status: statusSchema,
	stage: stageSchema,
	/** The pending human step, if any (the task item holds its token). */
	pendingTask: taskTypeSchema.optional(),
	/** When the current step is due (deadline of the pending task or window). */
	dueAt: z.string().optional(),
	overdue: z.boolean().default(false),
	supervisions: z.number().int().default(0), // 督办 notices issued
	route: routeSchema.optional(),
	procedure: procedureSchema.optional(),
	unit: z.string().optional(),
	decidedAt: z.string().optional(), // first acceptance decision (及时受理率 counts this one)
	transferredAt: z.string().optional(), // latest 转交 to a unit
	mediated: z.boolean().optional(), // 其他法定程序: settled by a mediation agreement
	transfers: z.number().int().default(0), // 转交 to a unit
	returns: z.number().int().default(0), // 退回 by a unit
	handlingDueAt: z.string().optional(),
	extended: z.boolean().default(false),
	reply: z
		.object({
			outcome: replyOutcomeSchema,
			mediated: z.boolean(),
			text: z.string(),
			at: z.string(),
			onTime: z.boolean(),
		})
		.optional(),
	review: z
		.object({ requestedAt: z.string(), reason: z.string(), decision: decisionRecordSchema.optional() })
		.optional(),
	rereview: z
		.object({ requestedAt: z.string(), reason: z.string(), decision: decisionRecordSchema.optional() })
		.optional(),
	evaluation: z
		.object({ satisfaction: z.enum(["satisfied", "basically_satisfied", "dissatisfied"]), at: z.string() })
		.optional(),
	/** When the workflow's timer ended the evaluation window (30 days after the reply); no evaluation after it. */
	evaluationClosedAt: z.string().optional(),
	closedAt: z.string().optional(),
	closeReason: closeReasonSchema.optional(),
	documents: z.array(caseDocumentSchema).default([]),
	/** 证据材料: files the petitioner attached (stored ones have passed the type and size checks). */
	evidence: z.array(evidenceSchema).default([]),
	/** 重复信访: how many repeats of this matter came in while it was open (automatic or linked by hand). */
	repeats: z.number().int().default(0),
	/** Set on a case staff linked by hand as a repeat of an earlier one. */
	repeatOf: caseIdSchema.optional(),
	executionArn: z.string().optional(),
	queryCodeHash: z.string(),
	version: z.number().int(),
	eventCount: z.number().int(),
});
export type Case = z.infer<typeof caseSchema>;
