/**
 * Scheduled (every 5 minutes on AWS; a periodic loop on the local home): starts the execution of a
 * case registered while Step Functions failed (or the process died before the start), and hands to the workflow every
 * recorded decision whose hand-over failed (SendTaskSuccess after the decision's write), so no case
 * waits on its step's deadline for the workflow to move on.
 */
import { caseDeps } from "#shared/aws/deps.ts";
import { requireEnvironment } from "#shared/aws/env.ts";
import { reconcileHandovers } from "#shared/cases/steps.ts";

requireEnvironment("reconcileHandovers");

/**
 * `startsWrittenBefore` (epoch ms): the local home's run at start passes its own start time — whatever
 * was registered before it can no longer start its execution itself. Else marks older than a minute.
 */
export const handler = async (event?: {
	startsWrittenBefore?: number;
}): Promise<{ started: number; handed: number; waiting: number }> =>
	reconcileHandovers(caseDeps(), 100, {
		...(typeof event?.startsWrittenBefore === "number" ? { startsWrittenBefore: event.startsWrittenBefore } : {}),
	});
