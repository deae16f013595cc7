/**
 * In-memory store (benchmarks, unit tests). Keeps snapshots (JSON text) like the DynamoDB store, so
 * an engine restarted on the same store resumes exactly as after a crash.
 */
import type {
	EngineStore,
	ExecutionDoc,
	ExecutionStatus,
	ExecutionSummary,
	HistoryEvent,
	StateMachineRecord,
} from "./types.ts";

export function createMemoryStore(): EngineStore {
	const machines = new Map<string, string>();
	const definitions = new Map<string, string>();
	const executions = new Map<string, string>();
	const summaries = new Map<string, ExecutionSummary>();
	const history = new Map<string, HistoryEvent[]>();

	const summarize = (d: ExecutionDoc): ExecutionSummary => ({
		arn: d.arn,
		smArn: d.smArn,
		name: d.name,
		status: d.status,
		startMs: d.startMs,
		...(d.stopMs !== undefined ? { stopMs: d.stopMs } : {}),
	});
	const append = (arn: string, events: HistoryEvent[]) => {
		if (!events.length) return;
		const list = history.get(arn) ?? [];
		history.set(arn, list);
		// a replay after a restart may rewrite ids already stored: keep the newest
		const first = events[0]!.id;
		while (list.length && list[list.length - 1]!.id >= first) list.pop();
		// events are never changed once emitted: keeping them as they are is a faithful snapshot
		for (const e of events) list.push(e);
	};
	const save = (doc: ExecutionDoc) => {
		executions.set(doc.arn, JSON.stringify(doc));
		summaries.set(doc.arn, summarize(doc));
	};

	return {
		async init() {},
		async putStateMachine(sm: StateMachineRecord) {
			machines.set(sm.arn, JSON.stringify(sm));
		},
		async getStateMachine(arn) {
			const t = machines.get(arn);
			return t ? (JSON.parse(t) as StateMachineRecord) : undefined;
		},
		async listStateMachines() {
			return [...machines.values()].map((t) => JSON.parse(t) as StateMachineRecord);
		},
		async deleteStateMachine(arn) {
			machines.delete(arn);
		},
		async putDefinition(id, text) {
			definitions.set(id, text);
		},
		async getDefinition(id) {
			return definitions.get(id);
		},
		async createExecution(doc, events) {
			const existing = executions.get(doc.arn);
			if (existing) return JSON.parse(existing) as ExecutionDoc;
			save(doc);
			append(doc.arn, events);
			return undefined;
		},
		async saveExecution(doc, events) {
			save(doc);
			append(doc.arn, events);
		},
		async getExecution(arn) {
			const t = executions.get(arn);
			return t ? (JSON.parse(t) as ExecutionDoc) : undefined;
		},
		async listExecutions(smArn: string, status?: ExecutionStatus) {
			return [...summaries.values()]
				.filter((s) => s.smArn === smArn && (!status || s.status === status))
				.sort((a, b) => b.startMs - a.startMs || (a.name < b.name ? 1 : -1));
		},
		async listRunning() {
			return [...summaries.values()]
				.filter((s) => s.status === "RUNNING")
				.map((s) => JSON.parse(executions.get(s.arn)!) as ExecutionDoc);
		},
		async getHistory(arn) {
			return (history.get(arn) ?? []).slice();
		},
		async close() {},
	};
}
