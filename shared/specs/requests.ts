/**
 * Request shapes of every HTTP function, as zod schemas: the handlers validate with them and the
 * OpenAPI document (GET /openapi.json) is generated from them, so the two cannot drift apart.
 */
import * as z from "#shared/zod.ts";
import { idempotencyKeySchema } from "#shared/cases/idempotency-key.ts";
import { actionSchema, evaluationSchema, reviewRequestSchema } from "#shared/domain/actions.ts";
import { stageSchema, statusSchema } from "#shared/domain/case.ts";
import { evidenceLimits, evidenceTypeSchema } from "#shared/domain/evidence.ts";
import { petitionSchema, registrationSchema } from "#shared/domain/petition.ts";
import { findRegion } from "#shared/domain/regions.ts";
import type { RequestSchemas } from "#shared/http/handler.ts";
import type { FunctionName } from "#shared/specs/functions.ts";

const regionCode = z.string().check(z.refine((code) => findRegion(code) !== undefined, "未知的行政区划代码"));
const caseIdParam = z.object({
	caseId: z
		.string()
		.check(z.minLength(1), z.maxLength(40), z.regex(/^[A-Za-z0-9-]+$/, "案件编号只含字母、数字和连字符")),
});
const queryCode = z.object({
	"x-query-code": z.string().check(z.trim(), z.minLength(1, "请提供查询码（X-Query-Code）"), z.maxLength(64)),
});

const listCasesQuerySchema = z.object({
	status: z.optional(statusSchema),
	stage: z.optional(stageSchema),
	unit: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
	overdue: z.optional(
		z.pipe(
			z.enum(["true", "false"]),
			z.transform((v) => v === "true"),
		),
	),
	region: z.optional(regionCode),
	year: z.optional(z.coerce.number().check(z.int(), z.gte(2000), z.lte(2100))),
	cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(4096))),
	limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(100)), 20),
});
export type ListCasesQuery = z.infer<typeof listCasesQuerySchema>;

export const statsQuerySchema = z.object({
	region: regionCode,
	year: z.coerce.number().check(z.int(), z.gte(2000), z.lte(2100)),
	month: z.optional(z.coerce.number().check(z.int(), z.gte(1), z.lte(12))),
});
export type StatsQuery = z.infer<typeof statsQuerySchema>;

export const requests = {
	submitPetition: { body: petitionSchema, headers: z.object({ "idempotency-key": z.optional(idempotencyKeySchema) }) },
	getPetition: { params: caseIdParam, headers: queryCode },
	addEvidence: {
		params: caseIdParam,
		headers: queryCode,
		body: z.strictObject({
			fileName: z.string().check(z.minLength(1), z.maxLength(255)),
			type: evidenceTypeSchema,
			size: z
				.number()
				.check(
					z.int(),
					z.gte(1),
					z.lte(evidenceLimits.bytes, `每个文件不超过 ${evidenceLimits.bytes / 1024 / 1024} MB`),
				),
		}),
	},
	completeEvidence: {
		params: z.extend(caseIdParam, { evidenceId: z.string().check(z.regex(/^[0-9a-f]{24}$/, "证据材料编号不正确")) }),
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
		query: z.strictObject({
			region: statsQuerySchema.shape.region,
			year: statsQuerySchema.shape.year,
			format: z._default(z.enum(["md", "docx"]), "md"),
		}),
	},
} as const satisfies Partial<Record<FunctionName, RequestSchemas>>;
