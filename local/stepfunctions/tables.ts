/**
 * The engine's own DynamoDB tables (local home only; on AWS, Step Functions keeps this itself).
 * Physical names are `<prefix><localName>` so tests can isolate themselves with a unique prefix.
 */
import type { TableSpec } from "#shared/specs/tables.ts";
import {
	EXECUTION_ATTRIBUTES as EXECUTION,
	HISTORY_ATTRIBUTES as HISTORY,
	MACHINE_ATTRIBUTES as MACHINE,
} from "./store-format.ts";

const S = "S" as const;
const N = "N" as const;

/** State machines (key: the state machine ARN) and content-addressed definitions (key: "def#<id>"). */
export const sfnMachinesTable = {
	id: "SfnMachines",
	envVar: "SFN_MACHINES_TABLE",
	localName: "sfn-machines",
	partition: { name: MACHINE.arn, type: S },
	indexes: [],
} as const satisfies TableSpec;

/**
 * One item per execution: its document (JSON), its history tail, and the attributes the indexes need.
 * The indexes copy only what their readers read, so a checkpoint (tens of KB) is written once, not
 * three times. A data dir made before they did keeps its ALL projections (tables are created once).
 */
export const sfnExecutionsTable = {
	id: "SfnExecutions",
	envVar: "SFN_EXECUTIONS_TABLE",
	localName: "sfn-executions",
	partition: { name: EXECUTION.arn, type: S },
	indexes: [
		{
			name: "byMachine",
			purpose: "ListExecutions: a state machine's executions, newest first",
			partition: { name: EXECUTION.stateMachineArn, type: S },
			sort: { name: EXECUTION.startDate, type: N },
			// What ListExecutions shows; the document and the history tail stay in the table only.
			projection: [EXECUTION.status, EXECUTION.name, EXECUTION.stopDate],
		},
		{
			name: "running",
			purpose: "resume on start: every running execution (sparse: set only while RUNNING)",
			partition: { name: EXECUTION.running, type: S },
			sort: { name: EXECUTION.arn, type: S },
			// Resume reads each document from the table (the index lags): the keys are enough.
			projection: [],
		},
	],
} as const satisfies TableSpec;

/** History in chunks: one item per checkpoint, keyed by the id of its first event. */
export const sfnHistoryTable = {
	id: "SfnHistory",
	envVar: "SFN_HISTORY_TABLE",
	localName: "sfn-history",
	partition: { name: HISTORY.arn, type: S },
	sort: { name: HISTORY.firstEventId, type: N },
	indexes: [],
} as const satisfies TableSpec;

export const sfnTables: readonly TableSpec[] = [sfnMachinesTable, sfnExecutionsTable, sfnHistoryTable];

/** Physical table name for a prefix (default "" → "sfn-machines", …). */
export function sfnTableName(spec: TableSpec, prefix = ""): string {
	return `${prefix}${spec.localName}`;
}
