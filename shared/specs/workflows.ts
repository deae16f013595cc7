/**
 * The workflow spec: each state machine, its ASL file and the functions its `${…}` placeholders name.
 * CDK passes function ARNs as definitionSubstitutions; the local engine passes local ARNs.
 */
import type { FunctionName } from "#shared/specs/functions.ts";

export interface WorkflowSpec {
	readonly id: string;
	/** State machine name: as is on the local home, `<stack>-<name>` on AWS (the CDK app sets it). */
	readonly name: string;
	/** ASL file from the project root. */
	readonly file: string;
	/** Environment variable through which functions learn the state machine ARN. */
	readonly envVar: string;
	/** Placeholder → function whose ARN replaces it. */
	readonly substitutions: Readonly<Record<string, FunctionName>>;
}

export const caseLifecycle = {
	id: "CaseLifecycle",
	name: "case-lifecycle",
	file: "workflows/case-lifecycle.asl.json",
	envVar: "CASE_WORKFLOW_ARN",
	substitutions: {
		OpenTaskFunction: "openTask",
		SuperviseTaskFunction: "superviseTask",
		CloseCaseFunction: "closeCase",
		ContinueCaseFunction: "continueCase",
	},
} as const satisfies WorkflowSpec;

export const workflows: readonly WorkflowSpec[] = [caseLifecycle];
