/**
 * The threads of an execution and what a state may do to them (`StateRuntime`): history events,
 * phases and their timers, entering states, Retry/Catch, ending branches and the execution. All of it
 * is synchronous; `ExecutionRuntime` (interpreter.ts) runs it one change at a time, checkpoints and
 * performs the effects it schedules.
 */
import type { Clock, TimerHandle } from "#local/clock.ts";
import { contextObject } from "./context.ts";
import type { Compiled, Machine, StateDef } from "./definition.ts";
import { locatedCause, runtimeError, StatesError } from "./errors.ts";
import type { ContextFn, Lookup } from "./jsonpath.ts";
import { finishState } from "./states/dataflow.ts";
import { type Effect, type StateRuntime, stateHandlers } from "./states/index.ts";
import { handleError } from "./states/retry-catch.ts";
import type { ContextExtra } from "./states/state.ts";
import type { ExecutionDoc, HistoryEvent, Phase, Thread } from "./types.ts";

const detailKeys = new Map<string, string>();

/** The key of an event's details: `stateEnteredEventDetails`, `taskScheduledEventDetails`, … */
function detailsKey(type: string): string {
	let key = detailKeys.get(type);
	if (!key) {
		if (type.endsWith("StateEntered")) key = "stateEnteredEventDetails";
		else if (type.endsWith("StateExited")) key = "stateExitedEventDetails";
		else key = `${type[0]!.toLowerCase()}${type.slice(1)}EventDetails`;
		detailKeys.set(type, key);
	}
	return key;
}

/** Details of a `…StateExited` event; assigned variables as AWS lists them (values as JSON text). */
export function exitDetails(
	name: string,
	output: unknown,
	assigned?: Record<string, unknown>,
): Record<string, unknown> {
	if (!assigned) return { name, output: JSON.stringify(output), outputDetails: { truncated: false } };
	const assignedVariables: Record<string, string> = {};
	for (const [k, v] of Object.entries(assigned)) assignedVariables[k] = JSON.stringify(v);
	return {
		assignedVariables,
		assignedVariablesDetails: { truncated: false },
		name,
		output: JSON.stringify(output),
		outputDetails: { truncated: false },
	};
}

export abstract class Threads implements StateRuntime {
	/** History events not yet saved. */
	pending: HistoryEvent[] = [];
	/** Threads ready to enter their state, in order. */
	protected readonly ready: string[] = [];
	/** Effects to perform after this turn's checkpoint. */
	protected effects: Effect[] = [];
	/** This turn must end with a checkpoint. */
	protected mustSave = false;
	/** Events and changes that need no checkpoint of their own (a callback function returned): saved with the next one. */
	protected dirty = false;
	/** This drain began with a timer firing (a Wait, a retry interval or a task's timeout). */
	protected fromTimer = false;
	protected readonly timers = new Map<string, TimerHandle[]>();
	private readonly executionInput: unknown;
	private lastContext: { thread: Thread; seq: number; state: string; fn: ContextFn } | undefined;

	constructor(
		readonly doc: ExecutionDoc,
		readonly def: Compiled,
		readonly clock: Clock,
		readonly region: string,
	) {
		this.executionInput = JSON.parse(doc.inputText);
	}

	emit(t: Thread | undefined, type: string, details?: Record<string, unknown>): void {
		const id = this.doc.nextEventId++;
		const ev: HistoryEvent = { timestamp: this.clock.now(), type, id, previousEventId: t ? t.lastEvent : id - 1 };
		if (details) ev[detailsKey(type)] = details;
		if (t) t.lastEvent = id;
		this.pending.push(ev);
	}

	cancelTimers(threadId: string): void {
		const list = this.timers.get(threadId);
		if (!list) return;
		for (const h of list) h.cancel();
		this.timers.delete(threadId);
	}

	setPhase(t: Thread, phase: Phase): void {
		this.cancelTimers(t.id);
		t.phase = phase;
		t.seq++;
	}

	schedule(effect: Effect): void {
		this.effects.push(effect);
	}

	requireCheckpoint(): void {
		this.mustSave = true;
	}

	markDirty(): void {
		this.dirty = true;
	}

	markFromTimer(): void {
		this.fromTimer = true;
	}

	private machineOf(t: Thread): Machine {
		const m = this.def.scopes.get(t.scope);
		if (!m) throw runtimeError(`Unknown scope for thread ${t.id}`);
		return m;
	}

	stateOf(t: Thread): StateDef {
		const st = this.machineOf(t).States[t.state];
		if (!st) throw runtimeError(`Unknown state '${t.state}'`);
		return st;
	}

	context(t: Thread, extra?: ContextExtra): ContextFn {
		// one per thread and phase (a state asks several times); the object itself is built on first use
		const cached = this.lastContext;
		if (!extra && cached?.thread === t && cached.seq === t.seq && cached.state === t.state) return cached.fn;
		const fn = this.contextFn(t, extra);
		if (!extra) this.lastContext = { thread: t, seq: t.seq, state: t.state, fn };
		return fn;
	}

	private contextFn(t: Thread, extra: ContextExtra | undefined): ContextFn {
		let memo: unknown;
		// returned directly, not bound to a name: no per-call naming of the closure under tsx/esbuild
		return (variable?: string) => {
			if (variable !== undefined) return this.lookupVariable(t, variable);
			memo ??= contextObject(this.doc, this.executionInput, t, this.stateOf(t).Type, extra);
			return memo;
		};
	}

	/** A variable as thread `t` sees it: its own branch's, else the enclosing branches' (read-only there). */
	lookupVariable(t: Thread, name: string): Lookup {
		for (
			let cur: Thread | undefined = t;
			cur;
			cur = cur.parent === undefined ? undefined : this.doc.threads[cur.parent]
		)
			if (cur.vars && Object.hasOwn(cur.vars, name)) return { found: true, value: cur.vars[name] };
		return { found: false, value: undefined };
	}

	/** Every variable thread `t` sees (for JSONata's bindings). */
	variables(t: Thread): Record<string, unknown> {
		const chain: Thread[] = [];
		for (
			let cur: Thread | undefined = t;
			cur;
			cur = cur.parent === undefined ? undefined : this.doc.threads[cur.parent]
		)
			chain.push(cur);
		const out: Record<string, unknown> = {};
		for (let i = chain.length - 1; i >= 0; i--) Object.assign(out, chain[i]!.vars);
		return out;
	}

	spawn(fields: Omit<Thread, "id" | "seq" | "entered">): Thread {
		const id = String(this.doc.nextThread++);
		const t: Thread = { ...fields, id, seq: 0, entered: this.clock.now() };
		this.doc.threads[id] = t;
		this.ready.push(t.id);
		return t;
	}

	// ---- state processing ----------------------------------------------------------------------

	/** Enters (or, after a retry interval, runs again) the state of a ready thread. */
	protected step(t: Thread): void {
		const st = this.stateOf(t);
		const retrying = t.phase.kind === "ready" && t.phase.retry === true;
		if (!retrying) {
			t.entered = this.clock.now();
			delete t.retries;
			this.emit(t, `${st.Type}StateEntered`, {
				name: t.state,
				input: JSON.stringify(t.input),
				inputDetails: { truncated: false },
			});
			t.enteredEventId = t.lastEvent;
		}
		try {
			const handler = stateHandlers[st.Type];
			if (!handler) throw runtimeError(`Unsupported state type '${st.Type}'`);
			handler.enter(this, t, st);
		} catch (err) {
			this.raise(t, err);
		}
	}

	/** Routes an exception thrown while processing a state to Retry/Catch (or the execution). */
	protected raise(t: Thread, err: unknown): void {
		const error = err instanceof StatesError ? err.error : "States.Runtime";
		const cause = err instanceof StatesError ? err.errorCause : err instanceof Error ? err.message : String(err);
		this.handleError(t, error, locatedCause(error, cause, t.state, t.enteredEventId));
	}

	exit(t: Thread, st: StateDef, output: unknown, assigned?: Record<string, unknown>, next?: string): void {
		this.emit(t, `${st.Type}StateExited`, exitDetails(t.state, output, assigned));
		if (assigned) t.vars = { ...t.vars, ...assigned };
		if (next !== undefined) this.goto(t, next, output);
		else if (st.End || !st.Next) this.finishThread(t, output);
		else this.goto(t, st.Next, output);
	}

	goto(t: Thread, next: string, input: unknown): void {
		t.state = next;
		t.input = input;
		this.setPhase(t, { kind: "ready" });
		this.ready.push(t.id);
	}

	completeTask(t: Thread, result: unknown): void {
		const st = this.stateOf(t);
		let done: { output: unknown; assigned: Record<string, unknown> | undefined };
		try {
			done = finishState(this, t, st, result, true);
		} catch (err) {
			this.raise(t, err);
			return;
		}
		this.exit(t, st, done.output, done.assigned);
	}

	handleError(t: Thread, error: string | undefined, cause: string | undefined): void {
		handleError(this, t, error, cause);
	}

	// ---- ending threads and the execution ------------------------------------------------------

	finishThread(t: Thread, output: unknown): void {
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
		const parent = this.doc.threads[t.parent];
		if (parent?.phase.kind !== "branches") return;
		const st = this.stateOf(parent);
		stateHandlers[st.Type].childSucceeded?.(this, parent, st, t, output);
	}

	failThread(t: Thread, error: string | undefined, cause: string | undefined): void {
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
		const parent = this.doc.threads[t.parent];
		if (parent?.phase.kind !== "branches") return;
		const st = this.stateOf(parent);
		this.killChildren(parent.id);
		stateHandlers[st.Type].childFailed?.(this, parent, st, t);
		this.setPhase(parent, { kind: "ready", retry: true });
		this.handleError(parent, error, cause);
	}

	killChildren(parentId: string): void {
		for (const c of Object.values(this.doc.threads)) {
			if (c.parent !== parentId) continue;
			this.killChildren(c.id);
			if (c.phase.kind === "task" && c.phase.token) this.doc.closedTokens[c.phase.token] = "timedOut";
			this.cancelTimers(c.id);
			delete this.doc.threads[c.id];
		}
	}

	protected closeExecution(status: ExecutionDoc["status"], event: string, details: Record<string, unknown>): void {
		for (const t of Object.values(this.doc.threads))
			if (t.phase.kind === "task" && t.phase.token) this.doc.closedTokens[t.phase.token] = "timedOut";
		for (const id of [...this.timers.keys()]) this.cancelTimers(id);
		this.doc.threads = {};
		this.ready.length = 0;
		this.effects = [];
		this.doc.status = status;
		this.doc.stopMs = this.clock.now();
		this.emit(undefined, event, details);
		this.mustSave = true;
	}
}
