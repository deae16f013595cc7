/**
 * The engine: state machines, executions and the Step Functions API operations over a store.
 * Inputs and outputs mirror the @aws-sdk/client-sfn shapes (dates as Date objects).
 */
import { logLocalError } from "#local/log.ts";
import { randomUUID } from "node:crypto";
import { type Clock, realClock } from "#local/clock.ts";
import {
	checkArn,
	checkName,
	checkStatusFilter,
	executionDescription,
	executionList,
	historyPage,
	stateMachineDescription,
	stateMachineList,
} from "./api-results.ts";
import type { ApiInput } from "./api-types.ts";
import { type Compiled, compile, definitionId, substitute, validateDefinition } from "./definition.ts";
import { apiErrors, SfnApiError } from "./errors.ts";
import {
	ExecutionRuntime,
	executionOfToken,
	type InvokeFn,
	type ResourceHandler,
	type RuntimeHost,
} from "./interpreter.ts";
import type { EngineStore, ExecutionDoc, HistoryEvent, StateMachineRecord } from "./types.ts";

export interface EngineOptions {
	store: EngineStore;
	/** Runs Lambda functions (by name). Without it every Lambda task fails with Lambda.ResourceNotFoundException. */
	invoke?: InvokeFn;
	clock?: Clock;
	/** Handlers for other Task resources, keyed by resource ARN (without `.waitForTaskToken`). */
	resources?: Record<string, ResourceHandler>;
	/** `${Name}` placeholders replaced in every definition passed to Create/UpdateStateMachine. */
	definitionSubstitutions?: Record<string, string>;
	region?: string;
	accountId?: string;
	/** Checkpoint a long-running Pass/Choice stretch after this many history events (default 200). */
	flushEvents?: number;
	/**
	 * With a virtual clock, advance() waits for Lambda functions in flight; this bounds that wait
	 * (real milliseconds, default 10 000) so a function that never answers cannot stop time.
	 */
	settleInvocationsMs?: number;
	/** Called with errors no caller can receive (a failed checkpoint of a background step). */
	onError?: (err: unknown) => void;
}

export class Engine {
	readonly clock: Clock;
	readonly region: string;
	readonly accountId: string;
	private readonly store: EngineStore;
	private readonly live = new Map<string, ExecutionRuntime>();
	private readonly machines = new Map<string, StateMachineRecord>();
	private readonly compiled = new Map<string, Compiled>();
	private readonly host: RuntimeHost;
	private started = false;
	private readonly options: EngineOptions;

	constructor(options: EngineOptions) {
		this.options = options;
		this.store = options.store;
		this.clock = options.clock ?? realClock();
		this.region = options.region ?? "local";
		this.accountId = options.accountId ?? "000000000000";
		const invoke: InvokeFn =
			options.invoke ??
			(async (name) => {
				const err = new Error(`Function not found: ${name}`);
				err.name = "Lambda.ResourceNotFoundException";
				throw err;
			});
		this.host = {
			clock: this.clock,
			store: this.store,
			invoke,
			resources: options.resources ?? {},
			region: this.region,
			flushEvents: options.flushEvents ?? 200,
			settleInvocationsMs: options.settleInvocationsMs ?? 10_000,
			onClosed: (rt) => this.live.delete(rt.doc.arn),
			onError: (rt, err) => {
				if (rt.isHalted) return;
				// the step is lost from memory but its last checkpoint is in the store: a restart resumes it
				this.live.delete(rt.doc.arn);
				(options.onError ?? ((e) => logLocalError("stepfunctions engine", e)))(err);
			},
		};
	}

	// ---- lifecycle -----------------------------------------------------------------------------

	/** Creates tables (if needed) and resumes every execution that was running. */
	async start(): Promise<void> {
		if (this.started) return;
		this.started = true;
		await this.store.init();
		const running = await this.store.listRunning();
		await Promise.all(
			running.map(async (doc) => {
				if (this.live.has(doc.arn)) return;
				const def = await this.definition(doc.defId);
				const rt = new ExecutionRuntime(doc, def, this.host);
				this.live.set(doc.arn, rt);
				await rt.resume();
			}),
		);
	}

	/** Stops processing in this process (timers are dropped; the store keeps every execution). */
	async stop(): Promise<void> {
		const runtimes = [...this.live.values()];
		this.live.clear();
		await Promise.all(runtimes.map((rt) => rt.halt()));
		await this.store.close();
	}

	/** Resolves when the execution has ended; returns its description. */
	async waitForExecution(executionArn: string) {
		const rt = this.live.get(executionArn);
		if (rt) await rt.whenClosed();
		return this.describeExecution({ executionArn });
	}

	/** Number of executions running in this process. */
	get runningCount(): number {
		return this.live.size;
	}

	// ---- ARNs ----------------------------------------------------------------------------------

	stateMachineArn(name: string): string {
		return `arn:aws:states:${this.region}:${this.accountId}:stateMachine:${name}`;
	}

	executionArn(stateMachineName: string, name: string): string {
		return `arn:aws:states:${this.region}:${this.accountId}:execution:${stateMachineName}:${name}`;
	}

	// ---- definitions ---------------------------------------------------------------------------

	private async definition(defId: string): Promise<Compiled> {
		let c = this.compiled.get(defId);
		if (!c) {
			const text = await this.store.getDefinition(defId);
			if (text === undefined)
				throw new SfnApiError("InternalFailure", `definition ${defId} is missing from the store`, 500);
			c = compile(text);
			this.compiled.set(defId, c);
		}
		return c;
	}

	private prepare(definition: unknown): { text: string; id: string } {
		if (typeof definition !== "string")
			throw apiErrors.invalidDefinition("Invalid State Machine Definition: definition must be a string");
		const text = this.options.definitionSubstitutions
			? substitute(definition, this.options.definitionSubstitutions)
			: definition;
		const machine = validateDefinition(text);
		const id = definitionId(text);
		if (!this.compiled.has(id)) this.compiled.set(id, compile(text, machine));
		return { text, id };
	}

	// ---- state machines ------------------------------------------------------------------------

	async createStateMachine(input: ApiInput<"CreateStateMachine">) {
		const name = checkName(input.name);
		const { text, id } = this.prepare(input.definition);
		const arn = this.stateMachineArn(name);
		const existing = await this.store.getStateMachine(arn);
		const roleArn = input.roleArn ?? `arn:aws:iam::${this.accountId}:role/local-stepfunctions`;
		const type = input.type === "EXPRESS" ? "EXPRESS" : "STANDARD";
		if (existing) {
			if (existing.defId === id && existing.roleArn === roleArn && existing.type === type)
				return { stateMachineArn: arn, creationDate: new Date(existing.createdMs) };
			throw apiErrors.stateMachineAlreadyExists(arn);
		}
		await this.store.putDefinition(id, text);
		const now = this.clock.now();
		await this.store.putStateMachine({
			arn,
			name,
			definition: text,
			defId: id,
			roleArn,
			type,
			createdMs: now,
			revisionId: randomUUID(),
		});
		return { stateMachineArn: arn, creationDate: new Date(now) };
	}

	private async machine(arn: unknown): Promise<StateMachineRecord> {
		checkArn(arn, "stateMachine");
		// Every StartExecution reads its machine: keep the records this engine has seen (it is their only writer).
		const cached = this.machines.get(arn as string);
		if (cached) return cached;
		const sm = await this.store.getStateMachine(arn as string);
		if (!sm) throw apiErrors.stateMachineDoesNotExist(arn as string);
		this.machines.set(sm.arn, sm);
		return sm;
	}

	async updateStateMachine(input: ApiInput<"UpdateStateMachine">) {
		const sm = await this.machine(input.stateMachineArn);
		if (input.definition === undefined && input.roleArn === undefined)
			throw apiErrors.validation("Either definition or roleArn must be given");
		if (input.definition !== undefined) {
			const { text, id } = this.prepare(input.definition);
			await this.store.putDefinition(id, text);
			sm.definition = text;
			sm.defId = id;
		}
		if (input.roleArn !== undefined) sm.roleArn = input.roleArn;
		sm.updatedMs = this.clock.now();
		sm.revisionId = randomUUID();
		await this.store.putStateMachine(sm);
		return { updateDate: new Date(sm.updatedMs), revisionId: sm.revisionId };
	}

	async describeStateMachine(input: ApiInput<"DescribeStateMachine">) {
		return stateMachineDescription(await this.machine(input.stateMachineArn));
	}

	async describeStateMachineForExecution(input: ApiInput<"DescribeStateMachineForExecution">) {
		const doc = await this.execution(input.executionArn);
		const text = (await this.definition(doc.defId)).text;
		return {
			stateMachineArn: doc.smArn,
			name: doc.smName,
			definition: text,
			roleArn: doc.roleArn,
			updateDate: new Date(doc.startMs),
		};
	}

	async listStateMachines(input: ApiInput<"ListStateMachines"> = {}) {
		return stateMachineList(await this.store.listStateMachines(), input);
	}

	async deleteStateMachine(input: ApiInput<"DeleteStateMachine">) {
		checkArn(input.stateMachineArn, "stateMachine");
		this.machines.delete(input.stateMachineArn!);
		await this.store.deleteStateMachine(input.stateMachineArn!);
		return {};
	}

	// ---- executions ----------------------------------------------------------------------------

	async startExecution(input: ApiInput<"StartExecution">) {
		const sm = await this.machine(input.stateMachineArn);
		const name = checkName(input.name ?? randomUUID());
		const inputText = input.input ?? "{}";
		try {
			JSON.parse(inputText);
		} catch {
			throw apiErrors.invalidExecutionInput(`Invalid State Machine Execution Input: '${inputText}'`);
		}
		const arn = this.executionArn(sm.name, name);
		const def = await this.definition(sm.defId);
		const now = this.clock.now();
		const doc: ExecutionDoc = {
			arn,
			name,
			smArn: sm.arn,
			smName: sm.name,
			defId: sm.defId,
			inputText,
			roleArn: sm.roleArn,
			startMs: now,
			status: "RUNNING",
			nextEventId: 2,
			nextThread: 1,
			threads: {
				"0": {
					id: "0",
					scope: "",
					state: def.root.StartAt,
					input: JSON.parse(inputText),
					entered: now,
					lastEvent: 1,
					phase: { kind: "ready" },
					seq: 0,
				},
			},
			closedTokens: {},
			...(def.root.TimeoutSeconds !== undefined ? { deadline: now + def.root.TimeoutSeconds * 1000 } : {}),
			...(input.traceHeader ? { traceHeader: input.traceHeader } : {}),
		};
		const started: HistoryEvent = {
			id: 1,
			previousEventId: 0,
			timestamp: now,
			type: "ExecutionStarted",
			executionStartedEventDetails: { input: inputText, inputDetails: { truncated: false }, roleArn: sm.roleArn },
		};
		let existing = this.live.get(arn)?.doc;
		if (!existing) {
			// The execution runs up to its first task or timer, and that checkpoint is the conditional write
			// that creates it: StartExecution answers after one write, as the task is invoked.
			const rt = new ExecutionRuntime(doc, def, this.host);
			rt.pending.push(started);
			existing = await rt.begin(
				(d, events) => this.store.createExecution(d, events),
				() => this.live.set(arn, rt),
			);
		}
		if (existing) {
			// Standard workflows: same name and input while running → the same execution
			if (existing.status === "RUNNING" && existing.inputText === inputText)
				return { executionArn: arn, startDate: new Date(existing.startMs) };
			throw apiErrors.executionAlreadyExists(arn);
		}
		return { executionArn: arn, startDate: new Date(now) };
	}

	private async execution(arn: unknown): Promise<ExecutionDoc> {
		checkArn(arn, "execution");
		const live = this.live.get(arn as string);
		if (live) return live.doc;
		const doc = await this.store.getExecution(arn as string);
		if (!doc) throw apiErrors.executionDoesNotExist(arn as string);
		return doc;
	}

	async describeExecution(input: ApiInput<"DescribeExecution">) {
		return executionDescription(await this.execution(input.executionArn));
	}

	async listExecutions(input: ApiInput<"ListExecutions">) {
		const sm = await this.machine(input.stateMachineArn);
		return executionList(await this.store.listExecutions(sm.arn, checkStatusFilter(input.statusFilter)), input);
	}

	async stopExecution(input: ApiInput<"StopExecution">) {
		const doc = await this.execution(input.executionArn);
		const rt = this.live.get(doc.arn);
		if (!rt || doc.status !== "RUNNING")
			throw new SfnApiError("ValidationException", `Execution is not running: '${doc.arn}'`);
		const stopMs = await rt.stop(input.error, input.cause);
		return { stopDate: new Date(stopMs) };
	}

	async getExecutionHistory(input: ApiInput<"GetExecutionHistory">) {
		const doc = await this.execution(input.executionArn);
		// The events not yet checkpointed, taken before the store is read: a checkpoint that lands while it
		// is read takes them out of `pending` (and a closed execution out of `live`), so looked up after the
		// read they would be in neither place.
		const unsaved = [...(this.live.get(doc.arn)?.pending ?? [])];
		let events = await this.store.getHistory(doc.arn);
		const later = this.live.get(doc.arn)?.pending ?? [];
		const last = events.length ? events[events.length - 1]!.id : 0;
		const extra = new Map([...unsaved, ...later].filter((e) => e.id > last).map((e) => [e.id, e]));
		if (extra.size) events = events.concat([...extra.values()].sort((a, b) => a.id - b.id));
		return historyPage(events, input);
	}

	// ---- callbacks -----------------------------------------------------------------------------

	private async runtimeOfToken(token: unknown): Promise<ExecutionRuntime> {
		if (typeof token !== "string" || !token) throw apiErrors.invalidToken("Invalid Token: empty");
		const arn = executionOfToken(token);
		if (!arn) throw apiErrors.invalidToken(`Invalid Token: '${token}'`);
		const rt = this.live.get(arn);
		if (rt) return rt;
		const doc = await this.store.getExecution(arn);
		if (doc?.closedTokens[token] === "timedOut")
			throw apiErrors.taskTimedOut("Task Timed Out: the task (or its execution) has already timed out or stopped");
		throw apiErrors.invalidToken(`Invalid Token: '${token}'`);
	}

	async sendTaskSuccess(input: ApiInput<"SendTaskSuccess">) {
		let output: unknown;
		try {
			output = JSON.parse(input.output ?? "");
		} catch {
			throw apiErrors.invalidOutput(`Invalid Output: '${String(input.output)}'`);
		}
		const rt = await this.runtimeOfToken(input.taskToken);
		await rt.sendTaskSuccess(input.taskToken!, output);
		return {};
	}

	async sendTaskFailure(input: ApiInput<"SendTaskFailure">) {
		const rt = await this.runtimeOfToken(input.taskToken);
		await rt.sendTaskFailure(input.taskToken!, input.error ?? "", input.cause ?? "");
		return {};
	}

	async sendTaskHeartbeat(input: ApiInput<"SendTaskHeartbeat">) {
		const rt = await this.runtimeOfToken(input.taskToken);
		await rt.sendTaskHeartbeat(input.taskToken!);
		return {};
	}
}
