/**
 * Workflow step: a human step's state was entered. The step is already open (the write that ended the
 * one before opened it); this attaches the task token, or hands over a decision made before it came.
 */
import { requireEnvironment } from "#shared/aws/env.ts";
import { observed } from "#shared/observability.ts";
import * as z from "#shared/zod.ts";
import { caseDeps } from "#shared/aws/deps.ts";
import { batchedCaseStore } from "#shared/cases/batched-store.ts";
import { openTask } from "#shared/cases/steps.ts";
import { taskTypeSchema } from "#shared/domain/actions.ts";

requireEnvironment("openTask");

const inputSchema = z.object({
	caseId: z.string(),
	taskType: taskTypeSchema,
	token: z.string().check(z.minLength(1)),
	seq: z.optional(z.number().check(z.int(), z.gte(0))),
	startedAt: z.optional(z.string()),
});

export const handler = observed("openTask", async (event: unknown): Promise<{ opened: true }> => {
	const deps = caseDeps();
	// Many steps open at once after a clock advance: their tokens go out grouped (batched-store.ts).
	await openTask({ ...deps, store: batchedCaseStore(deps.store) }, inputSchema.parse(event));
	return { opened: true };
});
