/**
 * What a completed or expired step hands to the workflow: which state comes next, its timer, and the
 * number of the step that state waits on (`seq`, absent when the case is done). `renew` asks the
 * workflow to continue in a new execution (docs/lifecycle.md).
 */
import * as z from "zod";

export const stepResultSchema = z.object({
	next: z.enum(["acceptance", "handling", "review_window", "review", "rereview_window", "rereview", "done"]),
	timer: z.object({ seconds: z.number().int().min(1) }),
	seq: z.number().int().min(1).optional(),
	renew: z.boolean().optional(),
});
export type StepResult = z.infer<typeof stepResultSchema>;
