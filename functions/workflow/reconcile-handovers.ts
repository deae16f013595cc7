/**
 * Scheduled (every 5 minutes on AWS; a periodic loop on the local home): hands to the workflow every
 * recorded decision whose hand-over failed (SendTaskSuccess after the decision's write), so no case
 * waits on its step's deadline for the workflow to move on.
 */
import { caseDeps } from "#shared/aws/deps.ts";
import { requireEnvironment } from "#shared/aws/env.ts";
import { reconcileHandovers } from "#shared/cases/steps.ts";

requireEnvironment("reconcileHandovers");

export const handler = async (): Promise<{ handed: number; waiting: number }> => reconcileHandovers(caseDeps());
