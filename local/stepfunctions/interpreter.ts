/**
 * The interpreter: one `ExecutionRuntime` per running execution. All its changes run one at a time
 * (a queue); state processing is synchronous, and the runtime checkpoints (store.saveExecution)
 * before anything that leaves it — invoking a task, waiting on a timer — and when the execution
 * ends, never on every Pass/Choice. After a restart `resume()` rebuilds timers and re-invokes tasks
 * that were in flight (at-least-once).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { type Clock, isAdvanceable, type TimerHandle } from "#local/clock.ts";
import { evaluateRule } from "./choice.ts";
import { childScope, type Compiled, type Machine, type StateDef } from "./definition.ts";
import { apiErrors, lambdaFailure, runtimeError, StatesError, UNCATCHABLE } from "./errors.ts";
import { query } from "./jsonpath.ts";
import {
	applyInputPath,
	applyOutputPath,
	applyResultPath,
	type ContextFn,
	effectiveInput,
	evaluateTemplate,
	stateOutput,
} from "./paths.ts";
import type { EngineStore, ExecutionDoc, HistoryEvent, Phase, Thread } from "./types.ts";

export interface InvokeContext {
	executionArn: string;
	stateMachineArn: string;
	stateName: string;
	/** Present for `.waitForTaskToken` tasks. */
	taskToken?: string;
	/** Deadline (epoch ms, engine clock) after which the result is ignored. */
	deadline?: number;
}

/** Runs a Lambda function by name (the last part of its ARN) and returns its result. */
export type InvokeFn = (functionName: string, payload: unknown, context: InvokeContext) => Promise<unknown>;

/** A handler for another Task resource ARN (e.g. an SDK integration); gets the effective input. */
export type ResourceHandler = (parameters: unknown, context: InvokeContext) => Promise<unknown>;

export interface RuntimeHost {
	readonly clock: Clock;
	readonly store: EngineStore;
	readonly invoke: InvokeFn;
	readonly resources: Readonly<Record<string, ResourceHandler>>;
	readonly region: string;
	/** Checkpoint when this many history events are waiting (long Pass/Choice loops). */
	readonly flushEvents: number;
	/** How long a virtual clock's advance() waits for a function in flight (real ms). */
	readonly settleInvocationsMs: number;
	onClosed(rt: ExecutionRuntime): void;
	onError(rt: ExecutionRuntime, err: unknown): void;
}

type Effect =
	| { k: "invoke"; tid: string; seq: number }
	| { k: "timer"; tid: string; seq: number; at: number; what: "wait" | "timeout" | "heartbeat" | "exec" };

const iso = (ms: number) => new Date(ms).toISOString();
const clone = <T>(v: T): T => (v === undefined ? (null as T) : (JSON.parse(JSON.stringify(v)) as T));

/** Name of the function in a FunctionName / Lambda ARN: "arn:…:function:openTask[:alias]" or "openTask". */
function functionNameOf(nameOrArn: string): string {
	const ix = nameOrArn.indexOf(":function:");
	const rest = ix >= 0 ? nameOrArn.slice(ix + ":function:".length) : nameOrArn;
	return rest.split(":")[0] ?? rest;
}

const detailKeys = new Map<string, string>();

function detailsKey(type: string): string {
	let k = detailKeys.get(type);
	if (!k) {
		k = makeDetailsKey(type);
		detailKeys.set(type, k);
	}
	return k;
}

function makeDetailsKey(type: string): string {
	if (type.endsWith("StateEntered")) return "stateEnteredEventDetails";
	if (type.endsWith("StateExited")) return "stateExitedEventDetails";
	return `${type[0]!.toLowerCase()}${type.slice(1)}EventDetails`;
}

function lambdaInvokeResult(payload: unknown): Record<string, unknown> {
	const requestId = randomUUID();
	const date = new Date().toUTCString();
	const size = String(JSON.stringify(payload ?? null).length);
	return {
		ExecutedVersion: "$LATEST",
		Payload: payload,
		SdkHttpMetadata: {
			AllHttpHeaders: {
				"X-Amz-Executed-Version": ["$LATEST"],
				"x-amzn-Remapped-Content-Length": ["0"],
				Connection: ["keep-alive"],
				"x-amzn-RequestId": [requestId],
				"Content-Length": [size],
				Date: [date],
				"Content-Type": ["application/json"],
			},
			HttpHeaders: {
				Connection: "keep-alive",
				"Content-Length": size,
				"Content-Type": "application/json",
				Date: date,
				"X-Amz-Executed-Version": "$LATEST",
				"x-amzn-Remapped-Content-Length": "0",
				"x-amzn-RequestId": requestId,
			},
			HttpStatusCode: 200,
		},
		SdkResponseMetadata: { RequestId: requestId },
		StatusCode: 200,
	};
}

/** Task tokens carry their execution ARN so a token finds its execution without an index. */
function makeToken(executionArn: string): string {
	return `${Buffer.from(executionArn).toString("base64url")}.${randomBytes(24).toString("base64url")}`;
}

export function executionOfToken(token: string): string | undefined {
	const dot = token.indexOf(".");
	if (dot <= 0 || dot !== token.lastIndexOf(".")) return undefined;
	const arn = Buffer.from(token.slice(0, dot), "base64url").toString("utf8");
	return arn.startsWith("arn:") ? arn : undefined;
}

function errorMatches(list: readonly string[], error: string): boolean {
	if (list.includes(error)) return true;
	if (UNCATCHABLE.has(error)) return false;
	if (list.includes("States.ALL")) return true;
	return list.includes("States.TaskFailed") && error !== "States.Timeout";
}

function positiveInt(v: unknown, what: string): number {
	if (typeof v !== "number" || !Number.isInteger(v) || v <= 0)
		throw runtimeError(`${what} must be a positive integer, got ${JSON.stringify(v)}`);
	return v;
}

type TaskKind = "invoke" | "lambda" | "custom";

interface ResourceInfo {
	kind: TaskKind;
	callback: boolean;
	base: string;
	/** `resourceType` of Task* events: "lambda" for lambda:invoke, else the service name. */
	type: string;
	/** `resource` of Task* events: "invoke", "invoke.waitForTaskToken", … */
	part: string;
}

const kinds = new Map<string, ResourceInfo>();

function taskKind(resource: string): ResourceInfo {
	let k = kinds.get(resource);
	if (!k) {
		k = parseTaskKind(resource);
		if (kinds.size > 1000) kinds.clear();
		kinds.set(resource, k);
	}
	return k;
}

function parseTaskKind(resource: string): ResourceInfo {
	const callback = resource.endsWith(".waitForTaskToken");
	const base = callback ? resource.slice(0, -".waitForTaskToken".length) : resource;
	const integration = base.startsWith("arn:aws:states:::")
		? base.slice("arn:aws:states:::".length).split(":")
		: undefined;
	const type = integration ? (integration[0] ?? "unknown") : (base.split(":")[2] ?? "unknown");
	const action = integration ? integration.slice(1).join(":") : base;
	const part = callback ? `${action}.waitForTaskToken` : action;
	if (base === "arn:aws:states:::lambda:invoke") return { kind: "invoke", callback, base, type, part };
	if (/^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:/.test(base)) return { kind: "lambda", callback, base, type, part };
	return { kind: "custom", callback, base, type, part };
}

export class ExecutionRuntime {
	/** History events not yet saved. */
	pending: HistoryEvent[] = [];
	private queue: Promise<unknown> = Promise.resolve();
	private readonly ready: string[] = [];
	private effects: Effect[] = [];
	private mustSave = false;
	/** Events and changes that need no checkpoint of their own (a callback function returned): saved with the next one. */
	private dirty = false;
	/** This drain began with a timer firing (a Wait, a retry interval or a task's timeout). */
	private fromTimer = false;
	/** Set while a new execution runs up to its first checkpoint, which creates it in the store. */
	private creating: ((doc: ExecutionDoc, events: HistoryEvent[]) => Promise<ExecutionDoc | undefined>) | undefined;
	private closed = false;
	private readonly timers = new Map<string, TimerHandle[]>();
	private drainQueued = false;
	private halted = false;
	private inputValue: unknown;
	private readonly closeWaiters: (() => void)[] = [];

	constructor(
		readonly doc: ExecutionDoc,
		readonly def: Compiled,
		private readonly host: RuntimeHost,
	) {
		this.inputValue = JSON.parse(doc.inputText);
	}

	get isHalted(): boolean {
		return this.halted;
	}

	get isClosed(): boolean {
		return this.closed;
	}

	/** Resolves once the execution has ended (and that is saved). */
	whenClosed(): Promise<void> {
		if (this.closed) return Promise.resolve();
		return new Promise((r) => this.closeWaiters.push(r));
	}

	/** Starts (or, after a restart, resumes) processing. */
	resume(): Promise<void> {
		return this.run(() => {
			if (this.doc.status !== "RUNNING") return;
			for (const t of Object.values(this.doc.threads)) {
				const ph = t.phase;
				if (ph.k === "ready") this.ready.push(t.id);
				else if (ph.k === "wait") this.effects.push({ k: "timer", tid: t.id, seq: t.seq, at: ph.until, what: "wait" });
				else if (ph.k === "task") {
					if (!(ph.token && ph.invoked)) this.effects.push({ k: "invoke", tid: t.id, seq: t.seq });
					this.taskTimers(t, ph);
				}
			}
			if (this.doc.deadline !== undefined)
				this.effects.push({ k: "timer", tid: "", seq: 0, at: this.doc.deadline, what: "exec" });
		});
	}

	/**
	 * Runs a new execution up to its first checkpoint and makes that checkpoint the write that creates
	 * it (`create`, conditional on the name being free): one write instead of a create and a checkpoint.
	 * Resolves with the execution that already had the name (nothing performed), or undefined once
	 * created; `onCreated` runs before any task is invoked or timer set.
	 */
	begin(
		create: (doc: ExecutionDoc, events: HistoryEvent[]) => Promise<ExecutionDoc | undefined>,
		onCreated: () => void,
	): Promise<ExecutionDoc | undefined> {
		let existing: ExecutionDoc | undefined;
		this.creating = async (doc, events) => {
			existing = await create(doc, events);
			if (existing) {
				this.halted = true;
				this.effects = [];
			} else onCreated();
			return existing;
		};
		for (const t of Object.values(this.doc.threads)) if (t.phase.k === "ready") this.ready.push(t.id);
		if (this.doc.deadline !== undefined)
			this.effects.push({ k: "timer", tid: "", seq: 0, at: this.doc.deadline, what: "exec" });
		this.mustSave = true;
		return this.run(() => undefined).then(() => existing);
	}

	/**
	 * Stops this runtime in this process (engine shutdown): timers are cancelled and later results
	 * ignored. What waited for the next checkpoint is saved; the store keeps the last checkpoint, from
	 * which a new engine resumes.
	 */
	async halt(): Promise<void> {
		this.halted = true;
		for (const id of [...this.timers.keys()]) this.cancelTimers(id);
		await this.queue;
		if (this.dirty && !this.closed) await this.host.store.saveExecution(this.doc, this.pending.splice(0));
	}

	/** Runs `fn` alone on this execution, then processes what it made ready (and checkpoints). */
	run<T>(fn: () => T): Promise<T> {
		const p = this.queue.then(async () => {
			if (this.halted) throw new Error("the engine has stopped");
			const r = fn();
			await this.drain();
			return r;
		});
		this.queue = p.catch(() => undefined);
		return this.host.clock.track(p);
	}

	// ---- API-driven changes -------------------------------------------------------------------

	private threadOfToken(token: string): Thread {
		for (const t of Object.values(this.doc.threads)) if (t.phase.k === "task" && t.phase.token === token) return t;
		if (this.doc.closedTokens[token] === "t") throw apiErrors.taskTimedOut();
		throw apiErrors.invalidToken();
	}

	sendTaskSuccess(token: string, output: unknown): Promise<void> {
		return this.run(() => {
			const t = this.threadOfToken(token);
			const ph = t.phase as Extract<Phase, { k: "task" }>;
			this.doc.closedTokens[token] = "c";
			this.mustSave = true;
			this.emit(t, "TaskSucceeded", {
				resourceType: taskKind(ph.resource).type,
				resource: this.resourcePart(ph.resource),
				output: JSON.stringify(output),
				outputDetails: { truncated: false },
			});
			this.completeTask(t, output);
		});
	}

	sendTaskFailure(token: string, error: string, cause: string): Promise<void> {
		return this.run(() => {
			const t = this.threadOfToken(token);
			const ph = t.phase as Extract<Phase, { k: "task" }>;
			this.doc.closedTokens[token] = "c";
			this.mustSave = true;
			this.emit(t, "TaskFailed", {
				resourceType: taskKind(ph.resource).type,
				resource: this.resourcePart(ph.resource),
				error,
				cause,
			});
			this.handleError(t, error, cause);
		});
	}

	sendTaskHeartbeat(token: string): Promise<void> {
		return this.run(() => {
			const t = this.threadOfToken(token);
			const ph = t.phase as Extract<Phase, { k: "task" }>;
			if (ph.heartbeat !== undefined) {
				ph.hbDeadline = this.host.clock.now() + ph.heartbeat * 1000;
				this.cancelTimers(t.id);
				this.taskTimers(t, ph);
				this.mustSave = true;
			}
		});
	}

	stop(error: string | undefined, cause: string | undefined): Promise<number> {
		return this.run(() => {
			if (this.doc.status === "RUNNING") {
				this.closeExecution("ABORTED", "ExecutionAborted", {
					...(error !== undefined ? { error } : {}),
					...(cause !== undefined ? { cause } : {}),
				});
				if (error !== undefined) this.doc.error = error;
				if (cause !== undefined) this.doc.cause = cause;
			}
			return this.doc.stopMs ?? this.host.clock.now();
		});
	}

	// ---- processing loop -----------------------------------------------------------------------

	private async drain(): Promise<void> {
		let steps = 0;
		while (this.ready.length && this.doc.status === "RUNNING") {
			const id = this.ready.shift()!;
			const t = this.doc.threads[id];
			if (t?.phase.k !== "ready") continue;
			this.step(t);
			if (++steps >= 500) break;
		}
		if (this.ready.length && this.doc.status === "RUNNING") this.queueDrain();
		if (this.mustSave || this.pending.length >= this.host.flushEvents || (this.effects.length && !this.replayable()))
			await this.checkpoint();
		else if (this.effects.length) this.dirty = true;
		this.fromTimer = false;
		if (this.halted) return;
		const effects = this.effects;
		this.effects = [];
		for (const e of effects) this.perform(e);
	}

	/**
	 * What this drain did may go without a checkpoint: it started from a timer (which a restart fires
	 * again from the last checkpoint, reaching the same point) and it only invokes plain tasks — no
	 * token handed out, no timer to keep. Such a task is invoked again after a crash (at-least-once).
	 */
	private replayable(): boolean {
		if (!this.fromTimer || this.creating) return false;
		for (const e of this.effects) {
			if (e.k !== "invoke") return false;
			const ph = this.doc.threads[e.tid]?.phase;
			if (ph?.k !== "task" || ph.token) return false;
		}
		return true;
	}

	private queueDrain(): void {
		if (this.drainQueued) return;
		this.drainQueued = true;
		// Never rejects: errors go to onError.
		void this.host.clock.track(
			new Promise<void>((resolve) =>
				setImmediate(() => {
					this.drainQueued = false;
					this.run(() => undefined).then(resolve, (err) => {
						this.host.onError(this, err);
						resolve();
					});
				}),
			),
		);
	}

	private async checkpoint(): Promise<void> {
		this.mustSave = false;
		this.dirty = false;
		const events = this.pending.slice();
		const creating = this.creating;
		this.creating = undefined;
		if (creating) {
			if (await creating(this.doc, events)) return;
		} else await this.host.store.saveExecution(this.doc, events);
		this.pending.splice(0, events.length);
		if (this.doc.status !== "RUNNING" && !this.closed) {
			this.closed = true;
			this.effects = [];
			for (const h of this.timers.values()) for (const x of h) x.cancel();
			this.timers.clear();
			this.host.onClosed(this);
			for (const w of this.closeWaiters.splice(0)) w();
		}
	}

	private perform(e: Effect): void {
		const t = e.tid ? this.doc.threads[e.tid] : undefined;
		if (this.doc.status !== "RUNNING" || this.halted) return;
		if (e.k === "timer") {
			if (e.tid && (!t || t.seq !== e.seq)) return;
			const h = this.host.clock.setTimer(e.at, () => {
				this.run(() => this.onTimer(e.tid, e.seq, e.what)).catch((err) => this.host.onError(this, err));
			});
			const list = this.timers.get(e.tid);
			if (list) list.push(h);
			else this.timers.set(e.tid, [h]);
			return;
		}
		if (!t || t.seq !== e.seq || t.phase.k !== "task") return;
		const ph = t.phase;
		const { kind } = taskKind(ph.resource);
		const ctx: InvokeContext = {
			executionArn: this.doc.arn,
			stateMachineArn: this.doc.smArn,
			stateName: t.state,
			...(ph.token ? { taskToken: ph.token } : {}),
			...(ph.deadline !== undefined ? { deadline: ph.deadline } : {}),
		};
		let work: Promise<unknown>;
		try {
			if (kind === "custom") {
				const handler = this.host.resources[taskKind(ph.resource).base];
				work = handler
					? handler(clone(ph.params), ctx)
					: Promise.reject(runtimeError(`Unsupported Task resource '${ph.resource}'`));
			} else {
				const payload = kind === "invoke" ? ((ph.params as Record<string, unknown>).Payload ?? {}) : ph.params;
				work = this.host.invoke(ph.fn!, clone(payload), ctx);
			}
		} catch (err) {
			work = Promise.reject(err);
		}
		const seq = t.seq;
		const outcome = work.then(
			(v) => ({ ok: true as const, v }),
			(err: unknown) => ({ ok: false as const, err }),
		);
		if (isAdvanceable(this.host.clock)) {
			// A virtual clock's advance() waits for functions in flight, but only so long: a function that
			// never answers (a test of TimeoutSeconds) must not stop time.
			let bound: NodeJS.Timeout | undefined;
			void this.host.clock.track(
				Promise.race([
					outcome,
					new Promise((r) => (bound = setTimeout(r, this.host.settleInvocationsMs).unref())),
				]).finally(() => clearTimeout(bound)),
			);
		}
		outcome.then((r) => this.run(() => this.onTaskDone(t.id, seq, r))).catch((err) => this.host.onError(this, err));
	}

	// ---- events, timers, threads ---------------------------------------------------------------

	private emit(t: Thread | undefined, type: string, details?: Record<string, unknown>): void {
		const id = this.doc.nextEventId++;
		const ev: HistoryEvent = { timestamp: this.host.clock.now(), type, id, previousEventId: t ? t.lastEvent : id - 1 };
		if (details) ev[detailsKey(type)] = details;
		if (t) t.lastEvent = id;
		this.pending.push(ev);
	}

	private cancelTimers(tid: string): void {
		const list = this.timers.get(tid);
		if (!list) return;
		for (const h of list) h.cancel();
		this.timers.delete(tid);
	}

	private setPhase(t: Thread, phase: Phase): void {
		this.cancelTimers(t.id);
		t.phase = phase;
		t.seq++;
	}

	private taskTimers(t: Thread, ph: Extract<Phase, { k: "task" }>): void {
		if (ph.deadline !== undefined)
			this.effects.push({ k: "timer", tid: t.id, seq: t.seq, at: ph.deadline, what: "timeout" });
		if (ph.hbDeadline !== undefined)
			this.effects.push({ k: "timer", tid: t.id, seq: t.seq, at: ph.hbDeadline, what: "heartbeat" });
	}

	private machineOf(t: Thread): Machine {
		const m = this.def.scopes.get(t.scope);
		if (!m) throw runtimeError(`Unknown scope for thread ${t.id}`);
		return m;
	}

	private stateOf(t: Thread): StateDef {
		const st = this.machineOf(t).States[t.state];
		if (!st) throw runtimeError(`Unknown state '${t.state}'`);
		return st;
	}

	private context(t: Thread, extra?: { token?: string; item?: { Index: number; Value: unknown } }): ContextFn {
		let memo: unknown;
		return () => {
			memo ??= {
				Execution: {
					Id: this.doc.arn,
					Input: this.inputValue,
					Name: this.doc.name,
					RoleArn: this.doc.roleArn,
					StartTime: iso(this.doc.startMs),
					RedriveCount: 0,
				},
				State: { EnteredTime: iso(t.entered), Name: t.state, RetryCount: (t.retries ?? []).reduce((a, b) => a + b, 0) },
				StateMachine: { Id: this.doc.smArn, Name: this.doc.smName },
				...(extra?.token ? { Task: { Token: extra.token } } : {}),
				...(extra?.item ? { Map: { Item: extra.item } } : {}),
			};
			return memo;
		};
	}

	private newThread(fields: Omit<Thread, "id" | "seq" | "entered">): Thread {
		const id = String(this.doc.nextThread++);
		const t: Thread = { ...fields, id, seq: 0, entered: this.host.clock.now() };
		this.doc.threads[id] = t;
		return t;
	}

	// ---- state processing ----------------------------------------------------------------------

	private step(t: Thread): void {
		const st = this.stateOf(t);
		const retrying = t.phase.k === "ready" && t.phase.retry === true;
		if (!retrying) {
			t.entered = this.host.clock.now();
			delete t.retries;
			this.emit(t, `${st.Type}StateEntered`, {
				name: t.state,
				input: JSON.stringify(t.input),
				inputDetails: { truncated: false },
			});
		}
		try {
			switch (st.Type) {
				case "Pass": {
					const ctx = this.context(t);
					const eff = effectiveInput(st, t.input, ctx);
					const result = st.Result !== undefined ? st.Result : eff;
					this.exit(t, st, applyOutputPath(st.OutputPath, applyResultPath(st.ResultPath, t.input, result), ctx));
					return;
				}
				case "Choice": {
					const ctx = this.context(t);
					const eff = applyInputPath(st.InputPath, t.input, ctx);
					let next: string | undefined;
					for (const rule of st.Choices ?? []) {
						if (evaluateRule(rule, eff, ctx)) {
							next = rule.Next as string;
							break;
						}
					}
					next ??= st.Default;
					if (!next) throw new StatesError("States.NoChoiceMatched", `No Matches! (state '${t.state}')`);
					const out = applyOutputPath(st.OutputPath, eff, ctx);
					this.emit(t, "ChoiceStateExited", {
						name: t.state,
						output: JSON.stringify(out),
						outputDetails: { truncated: false },
					});
					this.goto(t, next, out);
					return;
				}
				case "Wait": {
					const ctx = this.context(t);
					const eff = applyInputPath(st.InputPath, t.input, ctx);
					let until: number;
					if (st.Seconds !== undefined) until = t.entered + st.Seconds * 1000;
					else if (st.SecondsPath !== undefined) {
						const s = query(st.SecondsPath, eff, ctx);
						if (typeof s !== "number" || !Number.isInteger(s) || s < 0)
							throw runtimeError(`The SecondsPath parameter does not reference a valid integer: ${JSON.stringify(s)}`);
						until = t.entered + s * 1000;
					} else {
						const ts = st.Timestamp ?? query(st.TimestampPath ?? "$", eff, ctx);
						const ms = typeof ts === "string" ? Date.parse(ts) : Number.NaN;
						if (Number.isNaN(ms))
							throw runtimeError(
								`The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${JSON.stringify(ts)}`,
							);
						until = ms;
					}
					const out = applyOutputPath(st.OutputPath, eff, ctx);
					this.setPhase(t, { k: "wait", until, output: out });
					this.effects.push({ k: "timer", tid: t.id, seq: t.seq, at: until, what: "wait" });
					return;
				}
				case "Succeed": {
					const ctx = this.context(t);
					const out = applyOutputPath(st.OutputPath, applyInputPath(st.InputPath, t.input, ctx), ctx);
					this.emit(t, "SucceedStateExited", {
						name: t.state,
						output: JSON.stringify(out),
						outputDetails: { truncated: false },
					});
					this.finishThread(t, out);
					return;
				}
				case "Fail": {
					const ctx = this.context(t);
					const error = st.ErrorPath !== undefined ? query(st.ErrorPath, t.input, ctx) : st.Error;
					const cause = st.CausePath !== undefined ? query(st.CausePath, t.input, ctx) : st.Cause;
					this.failThread(
						t,
						typeof error === "string" ? error : undefined,
						typeof cause === "string" ? cause : undefined,
					);
					return;
				}
				case "Task":
					this.startTask(t, st);
					return;
				case "Parallel":
					this.startParallel(t, st);
					return;
				case "Map":
					this.startMap(t, st);
					return;
				default:
					throw runtimeError(`Unsupported state type '${(st as StateDef).Type}'`);
			}
		} catch (err) {
			this.raise(t, err);
		}
	}

	/** Routes an exception thrown while processing a state to Retry/Catch (or the execution). */
	private raise(t: Thread, err: unknown): void {
		if (err instanceof StatesError) this.handleError(t, err.error, err.errorCause);
		else this.handleError(t, "States.Runtime", err instanceof Error ? err.message : String(err));
	}

	private exit(t: Thread, st: StateDef, output: unknown): void {
		this.emit(t, `${st.Type}StateExited`, {
			name: t.state,
			output: JSON.stringify(output),
			outputDetails: { truncated: false },
		});
		if (st.End || !st.Next) this.finishThread(t, output);
		else this.goto(t, st.Next, output);
	}

	private goto(t: Thread, next: string, input: unknown): void {
		t.state = next;
		t.input = input;
		this.setPhase(t, { k: "ready" });
		this.ready.push(t.id);
	}

	private resourcePart(resource: string): string {
		return taskKind(resource).part;
	}

	private startTask(t: Thread, st: StateDef): void {
		const resource = st.Resource ?? "";
		const { kind, callback } = taskKind(resource);
		const token = callback ? makeToken(this.doc.arn) : undefined;
		const ctx = this.context(t, token ? { token } : undefined);
		const afterInput = applyInputPath(st.InputPath, t.input, ctx);
		const params = st.Parameters === undefined ? afterInput : evaluateTemplate(st.Parameters, afterInput, ctx);
		const timeoutSeconds =
			st.TimeoutSeconds ??
			(st.TimeoutSecondsPath !== undefined
				? positiveInt(query(st.TimeoutSecondsPath, afterInput, ctx), "TimeoutSecondsPath")
				: undefined);
		const heartbeat =
			st.HeartbeatSeconds ??
			(st.HeartbeatSecondsPath !== undefined
				? positiveInt(query(st.HeartbeatSecondsPath, afterInput, ctx), "HeartbeatSecondsPath")
				: undefined);
		let fn: string | undefined;
		if (kind === "invoke") {
			const name = (params as Record<string, unknown> | null)?.FunctionName;
			if (typeof name !== "string")
				throw runtimeError("The lambda:invoke Parameters must contain a FunctionName string");
			fn = functionNameOf(name);
		} else if (kind === "lambda") fn = functionNameOf(resource);
		const now = this.host.clock.now();
		const phase: Extract<Phase, { k: "task" }> = {
			k: "task",
			resource,
			params,
			...(fn !== undefined ? { fn } : {}),
			...(token ? { token } : {}),
			...(timeoutSeconds !== undefined ? { deadline: now + timeoutSeconds * 1000, timeoutSeconds } : {}),
			...(heartbeat !== undefined ? { heartbeat, hbDeadline: now + heartbeat * 1000 } : {}),
		};
		if (kind === "lambda") {
			this.emit(t, "LambdaFunctionScheduled", {
				resource,
				input: JSON.stringify(params),
				inputDetails: { truncated: false },
				...(timeoutSeconds !== undefined ? { timeoutInSeconds: timeoutSeconds } : {}),
			});
			this.emit(t, "LambdaFunctionStarted");
		} else {
			const resourceType = taskKind(resource).type;
			const res = this.resourcePart(resource);
			this.emit(t, "TaskScheduled", {
				resourceType,
				resource: res,
				region: this.host.region,
				parameters: JSON.stringify(params),
				...(timeoutSeconds !== undefined ? { timeoutInSeconds: timeoutSeconds } : {}),
				...(heartbeat !== undefined ? { heartbeatInSeconds: heartbeat } : {}),
			});
			this.emit(t, "TaskStarted", { resourceType, resource: res });
		}
		this.setPhase(t, phase);
		this.effects.push({ k: "invoke", tid: t.id, seq: t.seq });
		this.taskTimers(t, phase);
	}

	private onTaskDone(tid: string, seq: number, r: { ok: true; v: unknown } | { ok: false; err: unknown }): void {
		const t = this.doc.threads[tid];
		if (!t || t.seq !== seq || t.phase.k !== "task" || this.doc.status !== "RUNNING") return;
		const ph = t.phase;
		const { kind, callback } = taskKind(ph.resource);
		const resourceType = taskKind(ph.resource).type;
		const resource = this.resourcePart(ph.resource);
		if (!r.ok) {
			const { error, cause } = lambdaFailure(r.err);
			if (ph.token) this.doc.closedTokens[ph.token] = "c";
			if (kind === "lambda") this.emit(t, "LambdaFunctionFailed", { error, cause });
			else this.emit(t, "TaskFailed", { resourceType, resource, error, cause });
			this.handleError(t, error, cause);
			return;
		}
		let value: unknown;
		try {
			value = clone(r.v);
		} catch (err) {
			this.handleError(t, "States.Runtime", `The task result is not JSON: ${(err as Error).message}`);
			return;
		}
		const result = kind === "invoke" ? lambdaInvokeResult(value) : value;
		if (callback) {
			// No checkpoint of its own: it rides with the next one (the token's answer, a timeout, a stop).
			// A crash before that invokes the function again with the same token (at-least-once).
			ph.invoked = true;
			this.dirty = true;
			this.emit(t, "TaskSubmitted", {
				resourceType,
				resource,
				output: JSON.stringify(result),
				outputDetails: { truncated: false },
			});
			return;
		}
		if (kind === "lambda")
			this.emit(t, "LambdaFunctionSucceeded", { output: JSON.stringify(result), outputDetails: { truncated: false } });
		else
			this.emit(t, "TaskSucceeded", {
				resourceType,
				resource,
				output: JSON.stringify(result),
				outputDetails: { truncated: false },
			});
		this.completeTask(t, result);
	}

	/** A Task / Parallel / Map produced its result: ResultSelector, ResultPath, OutputPath, then on. */
	private completeTask(t: Thread, result: unknown): void {
		const st = this.stateOf(t);
		let out: unknown;
		try {
			out = stateOutput(st, t.input, result, this.context(t));
		} catch (err) {
			this.raise(t, err);
			return;
		}
		this.exit(t, st, out);
	}

	private onTimer(tid: string, seq: number, what: "wait" | "timeout" | "heartbeat" | "exec"): void {
		if (this.doc.status !== "RUNNING") return;
		if (what === "exec") {
			this.closeExecution("TIMED_OUT", "ExecutionTimedOut", {
				error: "States.Timeout",
				cause: "The execution timed out",
			});
			this.doc.error = "States.Timeout";
			return;
		}
		const t = this.doc.threads[tid];
		if (!t || t.seq !== seq) return;
		const ph = t.phase;
		if (what === "wait" && ph.k === "wait") {
			this.fromTimer = true;
			if (ph.retry) {
				this.setPhase(t, { k: "ready", retry: true });
				this.ready.push(t.id);
			} else {
				this.exit(t, this.stateOf(t), ph.output);
			}
			return;
		}
		if (ph.k !== "task") return;
		const now = this.host.clock.now();
		if (what === "heartbeat" && (ph.hbDeadline === undefined || ph.hbDeadline > now)) return;
		const error = what === "heartbeat" ? "States.HeartbeatTimeout" : "States.Timeout";
		if (ph.token) this.doc.closedTokens[ph.token] = "t";
		const { kind } = taskKind(ph.resource);
		const cause = what === "heartbeat" ? "The task did not send a heartbeat in time" : "The task timed out";
		if (kind === "lambda") this.emit(t, "LambdaFunctionTimedOut", { error, cause });
		else
			this.emit(t, "TaskTimedOut", {
				resourceType: taskKind(ph.resource).type,
				resource: this.resourcePart(ph.resource),
				error,
				cause,
			});
		// A timer's consequences can be replayed from the last checkpoint (the timer is due again at
		// once after a restart), so they need no checkpoint of their own before a plain task runs.
		this.dirty = true;
		this.fromTimer = true;
		this.handleError(t, error, cause);
	}

	private handleError(t: Thread, error: string, cause: string): void {
		const st = this.stateOf(t);
		const canHandle = st.Type === "Task" || st.Type === "Parallel" || st.Type === "Map";
		if (canHandle && !UNCATCHABLE.has(error)) {
			const retriers = st.Retry ?? [];
			for (let i = 0; i < retriers.length; i++) {
				const r = retriers[i]!;
				if (!errorMatches(r.ErrorEquals, error)) continue;
				const used = t.retries?.[i] ?? 0;
				if (used < (r.MaxAttempts ?? 3)) {
					t.retries ??= [];
					while (t.retries.length <= i) t.retries.push(0);
					t.retries[i] = used + 1;
					let delay = (r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** used;
					if (r.MaxDelaySeconds !== undefined) delay = Math.min(delay, r.MaxDelaySeconds);
					if (r.JitterStrategy === "FULL") delay = Math.random() * delay;
					const until = this.host.clock.now() + Math.round(delay * 1000);
					this.setPhase(t, { k: "wait", until, retry: true });
					this.effects.push({ k: "timer", tid: t.id, seq: t.seq, at: until, what: "wait" });
					return;
				}
				break;
			}
			for (const c of st.Catch ?? []) {
				if (!errorMatches(c.ErrorEquals, error)) continue;
				let out: unknown;
				try {
					out = applyResultPath(c.ResultPath, t.input, { Error: error, Cause: cause });
				} catch (err) {
					this.failThread(t, "States.Runtime", (err as Error).message);
					return;
				}
				this.emit(t, `${st.Type}StateExited`, {
					name: t.state,
					output: JSON.stringify(out),
					outputDetails: { truncated: false },
				});
				this.goto(t, c.Next, out);
				return;
			}
		}
		this.failThread(t, error, cause);
	}

	// ---- Parallel and Map ----------------------------------------------------------------------

	private startParallel(t: Thread, st: StateDef): void {
		const ctx = this.context(t);
		const eff = effectiveInput(st, t.input, ctx);
		const branches = st.Branches ?? [];
		this.emit(t, "ParallelStateStarted");
		this.setPhase(t, { k: "branches", results: branches.map(() => null), pending: branches.length });
		if (!branches.length) {
			this.emit(t, "ParallelStateSucceeded");
			this.completeTask(t, []);
			return;
		}
		branches.forEach((b, i) => {
			const child = this.newThread({
				scope: childScope(t.scope, t.state, i),
				state: b.StartAt,
				input: eff,
				parent: t.id,
				index: i,
				lastEvent: t.lastEvent,
				phase: { k: "ready" },
			});
			this.ready.push(child.id);
		});
	}

	private startMap(t: Thread, st: StateDef): void {
		const ctx = this.context(t);
		const afterInput = applyInputPath(st.InputPath, t.input, ctx);
		const items = st.ItemsPath !== undefined ? query(st.ItemsPath, afterInput, ctx) : afterInput;
		if (!Array.isArray(items)) throw runtimeError(`Map state input must be an array, got ${JSON.stringify(items)}`);
		const selector = st.ItemSelector ?? st.Parameters;
		const inputs = items.map((value, index) =>
			selector === undefined
				? value
				: evaluateTemplate(selector, afterInput, this.context(t, { item: { Index: index, Value: value } })),
		);
		let max = st.MaxConcurrency ?? 0;
		if (st.MaxConcurrencyPath !== undefined) {
			const m = query(st.MaxConcurrencyPath, afterInput, ctx);
			if (typeof m !== "number" || !Number.isInteger(m) || m < 0)
				throw runtimeError(`MaxConcurrencyPath must select a non-negative integer, got ${JSON.stringify(m)}`);
			max = m;
		}
		this.emit(t, "MapStateStarted", { length: inputs.length });
		const phase: Extract<Phase, { k: "branches" }> = {
			k: "branches",
			results: inputs.map(() => null),
			pending: inputs.length,
			next: 0,
			running: 0,
			max,
		};
		if (max > 0 && inputs.length > max) phase.items = inputs;
		this.setPhase(t, phase);
		if (!inputs.length) {
			this.emit(t, "MapStateSucceeded");
			this.completeTask(t, []);
			return;
		}
		const first = max > 0 ? Math.min(max, inputs.length) : inputs.length;
		for (let i = 0; i < first; i++) this.spawnItem(t, st, i, inputs[i]);
		phase.next = first;
	}

	private spawnItem(t: Thread, st: StateDef, index: number, input: unknown): void {
		const proc = (st.ItemProcessor ?? st.Iterator)!;
		this.emit(t, "MapIterationStarted", { name: t.state, index });
		const ph = t.phase as Extract<Phase, { k: "branches" }>;
		ph.running = (ph.running ?? 0) + 1;
		const child = this.newThread({
			scope: childScope(t.scope, t.state, "map"),
			state: proc.StartAt,
			input,
			parent: t.id,
			index,
			lastEvent: t.lastEvent,
			phase: { k: "ready" },
		});
		this.ready.push(child.id);
	}

	private finishThread(t: Thread, output: unknown): void {
		this.cancelTimers(t.id);
		delete this.doc.threads[t.id];
		if (t.parent === undefined) {
			this.closeExecution("SUCCEEDED", "ExecutionSucceeded", {
				output: JSON.stringify(output),
				outputDetails: { truncated: false },
			});
			this.doc.output = JSON.stringify(output);
			return;
		}
		const p = this.doc.threads[t.parent];
		if (p?.phase.k !== "branches") return;
		const ph = p.phase;
		const st = this.stateOf(p);
		ph.results[t.index ?? 0] = output;
		ph.pending--;
		if (st.Type === "Map") {
			this.emit(p, "MapIterationSucceeded", { name: p.state, index: t.index ?? 0 });
			ph.running = (ph.running ?? 1) - 1;
			const next = ph.next ?? 0;
			if (ph.items && next < ph.items.length) {
				ph.next = next + 1;
				this.spawnItem(p, st, next, ph.items[next]);
			}
		}
		if (ph.pending === 0) {
			this.emit(p, st.Type === "Map" ? "MapStateSucceeded" : "ParallelStateSucceeded");
			this.completeTask(p, ph.results);
		}
	}

	/** Ends a thread with an error; a Fail state may give neither error nor cause. */
	private failThread(t: Thread, error: string | undefined, cause: string | undefined): void {
		this.cancelTimers(t.id);
		delete this.doc.threads[t.id];
		if (t.parent === undefined) {
			if (error !== undefined) this.doc.error = error;
			if (cause !== undefined) this.doc.cause = cause;
			this.closeExecution("FAILED", "ExecutionFailed", {
				...(error !== undefined ? { error } : {}),
				...(cause !== undefined ? { cause } : {}),
			});
			return;
		}
		const p = this.doc.threads[t.parent];
		if (p?.phase.k !== "branches") return;
		const st = this.stateOf(p);
		this.killChildren(p.id);
		if (st.Type === "Map") {
			this.emit(p, "MapIterationFailed", { name: p.state, index: t.index ?? 0 });
			this.emit(p, "MapStateFailed");
		} else this.emit(p, "ParallelStateFailed");
		this.setPhase(p, { k: "ready", retry: true });
		this.handleError(p, error ?? "", cause ?? "");
	}

	private killChildren(parentId: string): void {
		for (const c of Object.values(this.doc.threads)) {
			if (c.parent !== parentId) continue;
			this.killChildren(c.id);
			if (c.phase.k === "task" && c.phase.token) this.doc.closedTokens[c.phase.token] = "t";
			this.cancelTimers(c.id);
			delete this.doc.threads[c.id];
		}
	}

	private closeExecution(status: ExecutionDoc["status"], event: string, details: Record<string, unknown>): void {
		for (const t of Object.values(this.doc.threads))
			if (t.phase.k === "task" && t.phase.token) this.doc.closedTokens[t.phase.token] = "t";
		for (const id of [...this.timers.keys()]) this.cancelTimers(id);
		this.doc.threads = {};
		this.ready.length = 0;
		this.effects = [];
		this.doc.status = status;
		this.doc.stopMs = this.host.clock.now();
		this.emit(undefined, event, details);
		this.mustSave = true;
	}
}
