/** Records the engine keeps, and the store interface (DynamoDB Local or memory) that keeps them. */

export type ExecutionStatus = "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT" | "ABORTED";

export interface StateMachineRecord {
	arn: string;
	name: string;
	definition: string;
	defId: string;
	roleArn: string;
	type: "STANDARD" | "EXPRESS";
	createdMs: number;
	updatedMs?: number;
	revisionId: string;
}

/** A history event as the API returns it (timestamp in epoch ms here, seconds on the wire). */
export interface HistoryEvent {
	id: number;
	previousEventId: number;
	timestamp: number;
	type: string;
	[details: string]: unknown;
}

/** Where a thread stands within its current state. */
export type Phase =
	/** About to enter `state` (or to run it again after a retry interval, when `retry` is set). */
	| { kind: "ready"; retry?: boolean }
	/** A task in flight. `token` for `.waitForTaskToken`; `invoked` once the function returned. */
	| {
			kind: "task";
			resource: string;
			fn?: string;
			params: unknown;
			token?: string;
			invoked?: boolean;
			deadline?: number;
			heartbeat?: number;
			hbDeadline?: number;
			timeoutSeconds?: number;
	  }
	/** Wait state (or retry back-off, `retry: true`) until `until`; `assign` takes effect when it ends. */
	| { kind: "wait"; until: number; output?: unknown; assign?: Record<string, unknown>; retry?: boolean }
	/** Parallel / Map: children running. */
	| {
			kind: "branches";
			results: unknown[];
			pending: number;
			items?: unknown[];
			next?: number;
			max?: number;
			running?: number;
	  };

/** Why a task token is no longer pending. */
export type ClosedToken = "completed" | "timedOut";

export interface Thread {
	id: string;
	/** Scope key of the (sub-)machine the thread walks; "" is the top level. */
	scope: string;
	state: string;
	/** Raw input of the current state. */
	input: unknown;
	/** When the current state was entered (epoch ms). */
	entered: number;
	/** Id of the `…StateEntered` event of the current state (runtime error causes name it). */
	enteredEventId?: number;
	/** This branch's own variables (`Assign`); outer branches' are read through `parent`. */
	vars?: Record<string, unknown>;
	parent?: string;
	index?: number;
	lastEvent: number;
	/** Attempts used per retrier of the current state. */
	retries?: number[];
	phase: Phase;
	/** Increments on each phase change; stale timer and task callbacks compare it. */
	seq: number;
}

export interface ExecutionDoc {
	arn: string;
	name: string;
	smArn: string;
	smName: string;
	defId: string;
	inputText: string;
	roleArn: string;
	startMs: number;
	stopMs?: number;
	status: ExecutionStatus;
	output?: string;
	error?: string;
	cause?: string;
	nextEventId: number;
	nextThread: number;
	threads: Record<string, Thread>;
	/** Tokens no longer pending, and why: answered, or timed out (or their execution closed). */
	closedTokens: Record<string, ClosedToken>;
	/** Execution-level TimeoutSeconds deadline. */
	deadline?: number;
	traceHeader?: string;
}

export interface ExecutionSummary {
	arn: string;
	smArn: string;
	name: string;
	status: ExecutionStatus;
	startMs: number;
	stopMs?: number;
}

export interface EngineStore {
	/** Creates tables etc.; idempotent. */
	init(): Promise<void>;
	putStateMachine(sm: StateMachineRecord): Promise<void>;
	getStateMachine(arn: string): Promise<StateMachineRecord | undefined>;
	listStateMachines(): Promise<StateMachineRecord[]>;
	deleteStateMachine(arn: string): Promise<void>;
	putDefinition(id: string, text: string): Promise<void>;
	getDefinition(id: string): Promise<string | undefined>;
	/** Creates the execution unless one with that ARN exists; then returns the existing one. */
	createExecution(doc: ExecutionDoc, events: HistoryEvent[]): Promise<ExecutionDoc | undefined>;
	/** A checkpoint: the document and the history events since the last one. */
	saveExecution(doc: ExecutionDoc, events: HistoryEvent[]): Promise<void>;
	getExecution(arn: string): Promise<ExecutionDoc | undefined>;
	/** Executions of a state machine, newest first. */
	listExecutions(smArn: string, status?: ExecutionStatus): Promise<ExecutionSummary[]>;
	listRunning(): Promise<ExecutionDoc[]>;
	getHistory(arn: string): Promise<HistoryEvent[]>;
	close(): Promise<void>;
}
