/**
 * What a completed or expired step hands to the workflow: which state comes next, its timer, and the
 * number of the step that state waits on (`seq`, absent when the case is done). `renew` asks the
 * workflow to continue in a new execution (docs/lifecycle.md); `evaluation` starts the evaluation timer.
 */
import * as z from "#shared/zod.ts";

export const stepResultSchema = z.object({
	next: z.enum([
		"acceptance",
		"handling",
		"review_window",
		"review",
		"rereview_window",
		"rereview",
		"evaluation_window",
		"done",
	]),
	timer: z.object({ seconds: z.number().check(z.int(), z.gte(1)) }),
	seq: z.optional(z.number().check(z.int(), z.gte(1))),
	renew: z.optional(z.boolean()),
	/**
	 * After a reply that closes the case, or a 复查 request (the review window then no longer ends with
	 * the evaluation window): the evaluation window's end (`until`, the first millisecond after it). The workflow
	 * starts the case's evaluation timer (execution `<case id>.evaluation`), which waits until then and
	 * records `evaluation_window_closed`.
	 */
	evaluation: z.optional(z.object({ until: z.string() })),
});
export type StepResult = z.infer<typeof stepResultSchema>;
