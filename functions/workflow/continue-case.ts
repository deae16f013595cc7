/**
 * Workflow step: the execution has run long (see RENEW_AFTER_DAYS); the case continues in a new
 * execution named `<case id>.<n>` that waits on the same step. The old execution then ends.
 */
import * as z from "zod";
import { caseDeps } from "#shared/aws/deps.ts";
import { requireEnvironment } from "#shared/aws/env.ts";
import { stepResultSchema } from "#shared/domain/step-result.ts";

requireEnvironment("continueCase");

const inputSchema = z.object({ caseId: z.string(), execution: z.string(), step: stepResultSchema });

/** `XF…` → `XF….2`, `XF….2` → `XF….3`. */
export function continuationName(caseId: string, execution: string): string {
	const n = execution === caseId ? 1 : Number(execution.slice(caseId.length + 1)) || 1;
	return `${caseId}.${n + 1}`;
}

export const handler = async (event: unknown): Promise<{ continuedAs: string }> => {
	const { caseId, execution, step } = inputSchema.parse(event);
	const name = continuationName(caseId, execution);
	const { renew: _, ...first } = step;
	await caseDeps().workflow.start(caseId, first, name);
	return { continuedAs: name };
};
