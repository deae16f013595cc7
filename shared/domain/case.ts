/** The case: one registered petition and where it stands. Stage and status are one union each. */
import { z } from "zod";
import { categorySchema, channelSchema, petitionerSchema } from "#shared/domain/petition.ts";

/** Where the case is in the lifecycle of domain.md. */
export const stageSchema = z.enum([
	"acceptance", // 受理: intake decides within 15 days
	"handling", // 办理: the responsible unit handles and replies
	"review_window", // reply issued; the petitioner may ask for 复查 within 30 days
	"review", // 复查 under way
	"rereview_window", // review decided; 复核 may be asked within 30 days
	"rereview", // 复核 under way
	"closed", // 终结 or otherwise closed
]);
export type Stage = z.infer<typeof stageSchema>;

export const statusSchema = z.enum(["open", "closed"]);
export type Status = z.infer<typeof statusSchema>;

/** How an accepted or declined matter is disposed of (分类处理). */
export const routeSchema = z.enum(["transfer", "other_procedure", "not_accepted"]); // 转送交办 · 其他法定程序 · 不予受理
export type Route = z.infer<typeof routeSchema>;

export const caseIdSchema = z.string().regex(/^XF\d{6}-\d{4}-[0-9A-HJKMNP-TV-Z]{8}$/, "案件编号格式不正确");

export const caseSchema = z.object({
	caseId: caseIdSchema,
	region: z.string(),
	channel: channelSchema,
	category: categorySchema.optional(),
	title: z.string(),
	content: z.string(),
	persons: z.number().int().optional(),
	public: z.boolean().optional(),
	petitioner: petitionerSchema,
	receivedAt: z.string(),
	registeredAt: z.string(),
	status: statusSchema,
	stage: stageSchema,
	route: routeSchema.optional(),
	unit: z.string().optional(),
	dueAt: z.string().optional(),
	queryCodeHash: z.string(),
	version: z.number().int(),
	eventCount: z.number().int(),
});
export type Case = z.infer<typeof caseSchema>;
