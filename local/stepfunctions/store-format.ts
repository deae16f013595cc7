/**
 * How the engine's records are kept in DynamoDB. Stored attribute names stay as they were first
 * written (short, and `sm`/`sd`/`run` are the keys of the executions table's indexes, which a data
 * dir cannot change without rebuilding its tables): the code names them through these tables only,
 * so a data dir written by any version opens.
 */
/** The executions table: one item per execution. */
export const EXECUTION_ATTRIBUTES = {
	/** Partition key: the execution ARN. */
	arn: "arn",
	/** The execution document (JSON of ExecutionDoc). */
	document: "d",
	/** History events not yet moved to the history table (JSON array). */
	historyTail: "t",
	status: "st",
	/** The `byMachine` index's partition key: the state machine ARN. */
	stateMachineArn: "sm",
	/** The `byMachine` index's sort key: start time (epoch ms). */
	startDate: "sd",
	name: "nm",
	/** Stop time (epoch ms), once ended. */
	stopDate: "sp",
	/** The sparse `running` index's partition key: "1" while RUNNING, absent after. */
	running: "run",
} as const;

/** The state machines table: state machine records and content-addressed definitions. */
export const MACHINE_ATTRIBUTES = {
	/** Partition key: the state machine ARN, or `def#<id>` for a definition. */
	arn: "arn",
	/** A state machine record (JSON of StateMachineRecord). */
	record: "j",
	/** A definition's text. */
	definitionText: "text",
	/** "sm" for a state machine, "def" for a definition. */
	kind: "kind",
} as const;

/** The history table: one item per chunk of events. */
export const HISTORY_ATTRIBUTES = {
	arn: "arn",
	/** Sort key: the id of the chunk's first event. */
	firstEventId: "id",
	/** The chunk's events (JSON array). */
	events: "ev",
} as const;
