/** Workflow step: the petitioner's review or re-review window passed unused — the case closes; or the evaluation window ended. */
import { requireEnvironment } from "#shared/aws/env.ts";
import { observed } from "#shared/observability.ts";
import * as z from "#shared/zod.ts";
import { caseDeps } from "#shared/aws/deps.ts";
import type { StepResult } from "#shared/domain/step-result.ts";
import { batchedCaseStore } from "#shared/cases/batched-store.ts";
import { endEvaluationWindow, expireTask } from "#shared/cases/steps.ts";

requireEnvironment("closeCase");

const inputSchema = z.object({
	caseId: z.string(),
	seq: z.optional(z.number().check(z.int(), z.gte(0))),
	window: z.optional(z.literal("evaluation")),
});

export const handler = observed("closeCase", async (event: unknown): Promise<StepResult | { closed: boolean }> => {
	const input = inputSchema.parse(event);
	// The evaluation timer: the evaluation window ended (`evaluation_window_closed`, once).
	if (input.window === "evaluation") return endEvaluationWindow(caseDeps().store, input.caseId);
	return expireTask(batchedCaseStore(caseDeps().store), input, "close");
});
