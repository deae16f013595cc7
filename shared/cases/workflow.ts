/** The port to the case workflow (one Step Functions execution per case). */
import type { StepResult } from "#shared/domain/step-result.ts";

export interface CaseWorkflow {
	/**
	 * Starts the case's execution (name = case id, or `name` for a continuation); starting again with
	 * the same input is a no-op.
	 */
	start(caseId: string, first: StepResult, name?: string): Promise<void>;
	/** Completes a pending human step. Resolves false when the step had already timed out. */
	complete(token: string, result: StepResult): Promise<boolean>;
}
