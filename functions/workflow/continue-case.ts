/**
 * Workflow step: the execution has run long (see RENEW_AFTER_DAYS); the case continues in a new
 * execution named `<case id>.<n>` that waits on the same step. The old execution then ends.
 * Also starts a case's evaluation timer after its reply (`<case id>.evaluation`).
 */
import * as z from "#shared/zod.ts";
import { caseDeps } from "#shared/aws/deps.ts";
import { requireEnvironment } from "#shared/aws/env.ts";
import { stepResultSchema } from "#shared/domain/step-result.ts";
import { startEvaluationTimer } from "#shared/cases/steps.ts";

requireEnvironment("continueCase");

const inputSchema = z.union([
	z.object({ caseId: z.string(), execution: z.string(), step: stepResultSchema }),
	// After a reply: the evaluation timer starts as the case's second execution.
	z.object({ caseId: z.string(), evaluation: z.object({ until: z.string() }) }),
]);

/** `XF…` → `XF….2`, `XF….2` → `XF….3`. */
export function continuationName(caseId: string, execution: string): string {
	const n = execution === caseId ? 1 : Number(execution.slice(caseId.length + 1)) || 1;
	return `${caseId}.${n + 1}`;
}

export const handler = async (event: unknown): Promise<{ continuedAs: string } | { started: string }> => {
	const input = inputSchema.parse(event);
	if ("evaluation" in input) return startEvaluationTimer(caseDeps().workflow, input.caseId, input.evaluation.until);
	const { caseId, execution, step } = input;
	const name = continuationName(caseId, execution);
	const { renew: _, ...first } = step;
	await caseDeps().workflow.start(caseId, first, name);
	return { continuedAs: name };
};
