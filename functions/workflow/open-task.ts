/** Workflow step: records the pending human step (token, type, assignee, due time) with its event. */
import { requireEnvironment } from "#shared/aws/env.ts";
import { observed } from "#shared/observability.ts";
import * as z from "zod";
import { caseDeps } from "#shared/aws/deps.ts";
import { openTask } from "#shared/cases/steps.ts";
import { taskTypeSchema } from "#shared/domain/actions.ts";

requireEnvironment("openTask");

const inputSchema = z.object({ caseId: z.string(), taskType: taskTypeSchema, token: z.string().min(1) });

export const handler = observed("openTask", async (event: unknown): Promise<{ opened: true }> => {
	await openTask(caseDeps().store, inputSchema.parse(event));
	return { opened: true };
});
