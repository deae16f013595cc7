/**
 * The engine's own DynamoDB tables (local home only; on AWS, Step Functions keeps this itself).
 * Physical names are `<prefix><localName>` so tests can isolate themselves with a unique prefix.
 */
import type { TableSpec } from "#shared/specs/tables.ts";

const S = "S" as const;
const N = "N" as const;

/** State machines (`arn` = state machine ARN) and content-addressed definitions (`arn` = "def#<id>"). */
export const sfnMachinesTable = {
	id: "SfnMachines",
	envVar: "SFN_MACHINES_TABLE",
	localName: "sfn-machines",
	partition: { name: "arn", type: S },
	indexes: [],
} as const satisfies TableSpec;

/** One item per execution: its document (`d`, JSON) plus the attributes the indexes need. */
export const sfnExecutionsTable = {
	id: "SfnExecutions",
	envVar: "SFN_EXECUTIONS_TABLE",
	localName: "sfn-executions",
	partition: { name: "arn", type: S },
	indexes: [
		{
			name: "byMachine",
			purpose: "ListExecutions: a state machine's executions, newest first",
			partition: { name: "sm", type: S },
			sort: { name: "sd", type: N },
		},
		{
			name: "running",
			purpose: "resume on start: every running execution (sparse: `run` is set only while RUNNING)",
			partition: { name: "run", type: S },
			sort: { name: "arn", type: S },
		},
	],
} as const satisfies TableSpec;

/** History in chunks: one item per checkpoint, keyed by the id of its first event. */
export const sfnHistoryTable = {
	id: "SfnHistory",
	envVar: "SFN_HISTORY_TABLE",
	localName: "sfn-history",
	partition: { name: "arn", type: S },
	sort: { name: "id", type: N },
	indexes: [],
} as const satisfies TableSpec;

export const sfnTables: readonly TableSpec[] = [sfnMachinesTable, sfnExecutionsTable, sfnHistoryTable];

/** Physical table name for a prefix (default "" → "sfn-machines", …). */
export function sfnTableName(spec: TableSpec, prefix = ""): string {
	return `${prefix}${spec.localName}`;
}
