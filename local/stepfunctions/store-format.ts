/**
 * How the engine's records are kept in DynamoDB. Stored attribute names stay as they were first
 * written (short, and `sm`/`sd`/`run` are the keys of the executions table's indexes, which a data
 * dir cannot change without rebuilding its tables): the code names them through these tables only,
 * so a data dir written by any version opens. The execution document (JSON inside `document`) may
 * change its field names between versions: `readExecutionDocument` upgrades an older one as it is
 * read, and the next checkpoint writes it in the current form.
 */
import type { ClosedToken, ExecutionDoc, Phase } from "./types.ts";

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

/** Closed-token values as versions before 2026-11-30 wrote them. */
const LEGACY_CLOSED_TOKENS: Readonly<Record<string, ClosedToken>> = { c: "completed", t: "timedOut" };

/** Parses a stored execution document, upgrading one an earlier version wrote (phase `k`, tokens "c"/"t"). */
export function readExecutionDocument(text: string): ExecutionDoc {
	const doc = JSON.parse(text) as ExecutionDoc;
	for (const thread of Object.values(doc.threads)) {
		const { k, ...rest } = thread.phase as unknown as Record<string, unknown>;
		if (k !== undefined && rest.kind === undefined) thread.phase = { ...rest, kind: k } as Phase;
	}
	for (const [token, why] of Object.entries(doc.closedTokens)) {
		const upgraded = LEGACY_CLOSED_TOKENS[why];
		if (upgraded) doc.closedTokens[token] = upgraded;
	}
	return doc;
}
