/** Workflow step: the petitioner's review or re-review window passed unused — the case closes. */
import { requireEnvironment } from "#shared/aws/env.ts";
import { observed } from "#shared/observability.ts";
import * as z from "zod";
import { caseDeps } from "#shared/aws/deps.ts";
import type { StepResult } from "#shared/domain/step-result.ts";
import { expireTask } from "#shared/cases/steps.ts";

requireEnvironment("closeCase");

const inputSchema = z.object({ caseId: z.string(), seq: z.number().int().min(0).optional() });

export const handler = observed("closeCase", async (event: unknown): Promise<StepResult> =>
	expireTask(caseDeps().store, inputSchema.parse(event), "close"),
);
