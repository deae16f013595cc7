/**
 * Request shapes of every HTTP function, as zod schemas: the handlers validate with them and the
 * OpenAPI document (GET /openapi.json) is generated from them, so the two cannot drift apart.
 */
import * as z from "zod";
import { idempotencyKeySchema } from "#shared/cases/idempotency-key.ts";
import { actionSchema, evaluationSchema, reviewRequestSchema } from "#shared/domain/actions.ts";
import { stageSchema, statusSchema } from "#shared/domain/case.ts";
import { evidenceLimits, evidenceTypeSchema } from "#shared/domain/evidence.ts";
import { petitionSchema, registrationSchema } from "#shared/domain/petition.ts";
import { findRegion } from "#shared/domain/regions.ts";
import type { RequestSchemas } from "#shared/http/handler.ts";
import type { FunctionName } from "#shared/specs/functions.ts";

const regionCode = z.string().refine((code) => findRegion(code) !== undefined, "未知的行政区划代码");
const caseIdParam = z.object({
	caseId: z
		.string()
		.min(1)
		.max(40)
		.regex(/^[A-Za-z0-9-]+$/, "案件编号只含字母、数字和连字符"),
});
const queryCode = z.object({ "x-query-code": z.string().trim().min(1, "请提供查询码（X-Query-Code）").max(64) });

const listCasesQuerySchema = z.object({
	status: statusSchema.optional(),
	stage: stageSchema.optional(),
	unit: z.string().min(1).max(64).optional(),
	overdue: z
		.enum(["true", "false"])
		.transform((v) => v === "true")
		.optional(),
	region: regionCode.optional(),
	year: z.coerce.number().int().min(2000).max(2100).optional(),
	cursor: z.string().min(1).max(4096).optional(),
	limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type ListCasesQuery = z.infer<typeof listCasesQuerySchema>;

export const statsQuerySchema = z.object({
	region: regionCode,
	year: z.coerce.number().int().min(2000).max(2100),
	month: z.coerce.number().int().min(1).max(12).optional(),
});
export type StatsQuery = z.infer<typeof statsQuerySchema>;

export const requests = {
	submitPetition: { body: petitionSchema, headers: z.object({ "idempotency-key": idempotencyKeySchema.optional() }) },
	getPetition: { params: caseIdParam, headers: queryCode },
	addEvidence: {
		params: caseIdParam,
		headers: queryCode,
		body: z
			.object({
				fileName: z.string().min(1).max(255),
				type: evidenceTypeSchema,
				size: z
					.number()
					.int()
					.min(1)
					.max(evidenceLimits.bytes, `每个文件不超过 ${evidenceLimits.bytes / 1024 / 1024} MB`),
			})
			.strict(),
	},
	completeEvidence: {
		params: caseIdParam.extend({ evidenceId: z.string().regex(/^[0-9a-f]{24}$/, "证据材料编号不正确") }),
		headers: queryCode,
	},
	requestReview: { params: caseIdParam, headers: queryCode, body: reviewRequestSchema },
	evaluateCase: { params: caseIdParam, headers: queryCode, body: evaluationSchema },
	registerCase: { body: registrationSchema },
	listCases: { query: listCasesQuerySchema },
	getCase: { params: caseIdParam },
	actOnCase: { params: caseIdParam, body: actionSchema },
	listUnits: { query: z.object({ region: regionCode }) },
	getOpenApi: {},
	getStats: { query: statsQuerySchema },
	getStatsSeries: { query: statsQuerySchema },
	getAnnualReport: {
		query: statsQuerySchema
			.pick({ region: true, year: true })
			.extend({ format: z.enum(["md", "docx"]).default("md") })
			.strict(),
	},
} as const satisfies Partial<Record<FunctionName, RequestSchemas>>;
