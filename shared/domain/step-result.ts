/** What a completed or expired step hands to the workflow: which state comes next and its timer. */
import * as z from "zod";

export const stepResultSchema = z.object({
	next: z.enum(["acceptance", "handling", "review_window", "review", "rereview_window", "rereview", "done"]),
	timer: z.object({ seconds: z.number().int().min(1) }),
});
export type StepResult = z.infer<typeof stepResultSchema>;
