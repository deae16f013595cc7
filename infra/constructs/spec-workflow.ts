/**
 * One Step Functions Standard state machine per entry of the workflow spec (shared/specs/workflows.ts):
 * the same ASL file the local engine runs, its `${…}` placeholders replaced by CloudFormation with the
 * ARNs of the registry functions the spec names. Functions learn the ARN through the spec's env var.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ArnFormat, Stack } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from "aws-cdk-lib/aws-stepfunctions";
import { Construct } from "constructs";
import type { WorkflowSpec } from "#shared/specs/workflows.ts";
import type { Stage } from "../stage.ts";
import { type RegistryFunction, projectRoot } from "./registry-function.ts";

export interface SpecWorkflowProps {
	readonly spec: WorkflowSpec;
	/** Every registry function by registry name; the spec's substitutions are looked up here. */
	readonly functions: ReadonlyMap<string, RegistryFunction>;
	readonly stage: Stage;
	/** Encrypts the execution log group. */
	readonly logKey?: IKey;
}

/** `${Name}` placeholders of an ASL text, each once. */
export const placeholders = (asl: string): string[] => [
	...new Set([...asl.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]!)),
];

export class SpecWorkflow extends Construct {
	readonly stateMachine: StateMachine;
	readonly logGroup: LogGroup;
	/**
	 * The state machine ARN as handed to the functions that call it. Built from the fixed name rather than
	 * taken from the resource: the state machine already depends on the functions it invokes (their ARNs
	 * are its substitutions, its role may invoke them), so a function that both runs in the workflow and
	 * calls Step Functions would otherwise close a dependency cycle CloudFormation refuses.
	 */
	readonly arn: string;
	readonly spec: WorkflowSpec;

	constructor(scope: Construct, id: string, props: SpecWorkflowProps) {
		super(scope, id);
		const { spec, functions, stage, logKey } = props;
		this.spec = spec;
		const stack = Stack.of(this);

		const asl = readFileSync(join(projectRoot, spec.file), "utf8");
		const used = placeholders(asl);
		const missing = used.filter((p) => !(p in spec.substitutions));
		if (missing.length > 0)
			throw new Error(
				`${spec.file} uses ${missing.map((p) => `\${${p}}`).join(", ")}, which workflow ${spec.id} does not substitute`,
			);
		const unused = Object.keys(spec.substitutions).filter((p) => !used.includes(p));
		if (unused.length > 0)
			throw new Error(`workflow ${spec.id} substitutes ${unused.join(", ")}, which ${spec.file} never uses`);

		const invoked = Object.entries(spec.substitutions).map(([placeholder, name]) => {
			const fn = functions.get(name);
			if (!fn)
				throw new Error(
					`workflow ${spec.id} substitutes ${placeholder} with function ${name}, which is not in the registry`,
				);
			return [placeholder, fn] as const;
		});

		// A stable name per stack: the ARN is known without referencing the resource (see `arn`), and a
		// second copy of the stacks (another stage) in the same account and region does not collide.
		const stateMachineName = `${stack.stackName}-${spec.name}`;

		// Execution logs carry event types and errors only: inputs and outputs hold petitioner data
		// (names, contacts, complaint text), which must not be copied into CloudWatch Logs. Under
		// /aws/vendedlogs/ so the log delivery's resource policy stays within the CloudWatch Logs size limit.
		this.logGroup = new LogGroup(this, "Logs", {
			logGroupName: `/aws/vendedlogs/states/${stateMachineName}`,
			retention: stage.logRetention,
			removalPolicy: stage.logRemoval,
			...(logKey ? { encryptionKey: logKey } : {}),
		});
		this.arn = stack.formatArn({
			service: "states",
			resource: "stateMachine",
			resourceName: stateMachineName,
			arnFormat: ArnFormat.COLON_RESOURCE_NAME,
		});

		this.stateMachine = new StateMachine(this, "StateMachine", {
			stateMachineName,
			// Standard: a case waits up to a year on human steps; Express runs five minutes at most.
			stateMachineType: StateMachineType.STANDARD,
			// The ASL text inline rather than DefinitionBody.fromFile, which uploads it as an S3 asset: the
			// definition then shows in `cdk diff` and the template, and the infra test can read it.
			// CloudFormation replaces the `${…}` placeholders from definitionSubstitutions at deploy time.
			definitionBody: DefinitionBody.fromString(asl),
			definitionSubstitutions: Object.fromEntries(invoked.map(([placeholder, fn]) => [placeholder, fn.fn.functionArn])),
			logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
			tracingEnabled: true,
		});
		// The role may invoke exactly the functions the definition names, nothing else.
		for (const [, fn] of invoked) fn.fn.grantInvoke(this.stateMachine);
	}

	/** Let a function start executions and answer task tokens; it finds the ARN in the spec's env var. */
	bindCaller(fn: RegistryFunction): void {
		fn.fn.addEnvironment(this.spec.envVar, this.arn);
		fn.fn.addToRolePolicy(new PolicyStatement({ actions: ["states:StartExecution"], resources: [this.arn] }));
		// Task-token actions support no resource-level permissions: the Service Authorization Reference
		// (docs.aws.amazon.com/service-authorization/latest/reference/list_awsstepfunctions.html) lists no
		// resource type for them, so a policy must name "*". The token itself is the capability.
		fn.fn.addToRolePolicy(
			new PolicyStatement({
				actions: ["states:SendTaskSuccess", "states:SendTaskFailure", "states:SendTaskHeartbeat"],
				resources: ["*"],
			}),
		);
	}
}
