/**
 * The Step Functions API operations the engine serves, typed with @aws-sdk/client-sfn's own
 * `*CommandInput` / `*CommandOutput`: the engine's methods take and return exactly what the SDK
 * sends and parses (dates as `Date`s; `$metadata` is the SDK's own and not part of a result).
 */
import type {
	CreateStateMachineCommandInput,
	CreateStateMachineCommandOutput,
	DeleteStateMachineCommandInput,
	DeleteStateMachineCommandOutput,
	DescribeExecutionCommandInput,
	DescribeExecutionCommandOutput,
	DescribeStateMachineCommandInput,
	DescribeStateMachineCommandOutput,
	DescribeStateMachineForExecutionCommandInput,
	DescribeStateMachineForExecutionCommandOutput,
	GetExecutionHistoryCommandInput,
	GetExecutionHistoryCommandOutput,
	ListExecutionsCommandInput,
	ListExecutionsCommandOutput,
	ListStateMachinesCommandInput,
	ListStateMachinesCommandOutput,
	SendTaskFailureCommandInput,
	SendTaskFailureCommandOutput,
	SendTaskHeartbeatCommandInput,
	SendTaskHeartbeatCommandOutput,
	SendTaskSuccessCommandInput,
	SendTaskSuccessCommandOutput,
	StartExecutionCommandInput,
	StartExecutionCommandOutput,
	StopExecutionCommandInput,
	StopExecutionCommandOutput,
	UpdateStateMachineCommandInput,
	UpdateStateMachineCommandOutput,
} from "@aws-sdk/client-sfn";

/** Each operation's input and output, by the name `X-Amz-Target` gives it (`AWSStepFunctions.<name>`). */
export interface SfnOperations {
	CreateStateMachine: { input: CreateStateMachineCommandInput; output: CreateStateMachineCommandOutput };
	UpdateStateMachine: { input: UpdateStateMachineCommandInput; output: UpdateStateMachineCommandOutput };
	DescribeStateMachine: { input: DescribeStateMachineCommandInput; output: DescribeStateMachineCommandOutput };
	DescribeStateMachineForExecution: {
		input: DescribeStateMachineForExecutionCommandInput;
		output: DescribeStateMachineForExecutionCommandOutput;
	};
	ListStateMachines: { input: ListStateMachinesCommandInput; output: ListStateMachinesCommandOutput };
	DeleteStateMachine: { input: DeleteStateMachineCommandInput; output: DeleteStateMachineCommandOutput };
	StartExecution: { input: StartExecutionCommandInput; output: StartExecutionCommandOutput };
	DescribeExecution: { input: DescribeExecutionCommandInput; output: DescribeExecutionCommandOutput };
	ListExecutions: { input: ListExecutionsCommandInput; output: ListExecutionsCommandOutput };
	StopExecution: { input: StopExecutionCommandInput; output: StopExecutionCommandOutput };
	GetExecutionHistory: { input: GetExecutionHistoryCommandInput; output: GetExecutionHistoryCommandOutput };
	SendTaskSuccess: { input: SendTaskSuccessCommandInput; output: SendTaskSuccessCommandOutput };
	SendTaskFailure: { input: SendTaskFailureCommandInput; output: SendTaskFailureCommandOutput };
	SendTaskHeartbeat: { input: SendTaskHeartbeatCommandInput; output: SendTaskHeartbeatCommandOutput };
}

export type SfnOperation = keyof SfnOperations;

/**
 * What an operation takes: the SDK's input with every field optional, as it may arrive on the wire
 * (the engine checks each field it reads and answers AWS's exception when one is missing or wrong).
 */
export type ApiInput<Op extends SfnOperation> = Partial<SfnOperations[Op]["input"]>;

/**
 * What an operation answers: the SDK's output without the SDK's own `$metadata`. The engine's
 * methods return narrower types (fields the SDK marks `| undefined` are always set); api-server.ts
 * checks that each is assignable to this.
 */
export type ApiOutput<Op extends SfnOperation> = Omit<SfnOperations[Op]["output"], "$metadata">;
