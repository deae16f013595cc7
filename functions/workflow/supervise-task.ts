/** Workflow step: a step a person owes passed its deadline — overdue, 督办, follow-up deadline. */
import { requireEnvironment } from "#shared/aws/env.ts";
import { observed } from "#shared/observability.ts";
import * as z from "#shared/zod.ts";
import { caseDeps } from "#shared/aws/deps.ts";
import type { StepResult } from "#shared/domain/step-result.ts";
import { batchedCaseStore } from "#shared/cases/batched-store.ts";
import { expireTask } from "#shared/cases/steps.ts";

requireEnvironment("superviseTask");

const inputSchema = z.object({ caseId: z.string(), seq: z.optional(z.number().check(z.int(), z.gte(0))) });

export const handler = observed(
	"superviseTask",
	async (event: unknown): Promise<StepResult> =>
		expireTask(batchedCaseStore(caseDeps().store), inputSchema.parse(event), "supervise"),
);
