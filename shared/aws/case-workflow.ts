/** CaseWorkflow on Step Functions: StartExecution and SendTaskSuccess through @aws-sdk/client-sfn. */
import {
	InvalidToken,
	SendTaskSuccessCommand,
	type SFNClient,
	StartExecutionCommand,
	TaskTimedOut,
} from "@aws-sdk/client-sfn";
import type { CaseWorkflow } from "#shared/cases/workflow.ts";
import { requireEnv } from "#shared/aws/env.ts";
import { caseLifecycle } from "#shared/specs/workflows.ts";

export const stateMachineArn = (): string => requireEnv(caseLifecycle.envVar, "the case workflow");

export function sfnCaseWorkflow(sfn: SFNClient): CaseWorkflow {
	return {
		async start(caseId, first, name = caseId) {
			await sfn.send(
				new StartExecutionCommand({
					stateMachineArn: stateMachineArn(),
					name,
					input: JSON.stringify({ caseId, step: first }),
				}),
			);
		},
		async complete(token, result) {
			try {
				await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(result) }));
				return true;
			} catch (err) {
				// The step's timer fired first: the supervision or close step reads the consumed result instead.
				if (err instanceof TaskTimedOut || err instanceof InvalidToken) return false;
				throw err;
			}
		},
	};
}
