/**
 * The runtime core: one `ExecutionRuntime` per running execution. All its changes run one at a time
 * (a queue); state processing is synchronous, and the runtime checkpoints (store.saveExecution)
 * before anything that leaves it — invoking a task, waiting on a timer — and when the execution
 * ends, never on every Pass/Choice. After a restart `resume()` rebuilds timers and re-invokes tasks
 * that were in flight (at-least-once). This file keeps the queue, checkpoints and effects
 * (invocations, timers); the threads and what states do to them are in threads.ts, each state type
 * in `states/` (one file per type).
 */
import { type Clock, isAdvanceable } from "#local/clock.ts";
import type { Compiled } from "./definition.ts";
import { apiErrors } from "./errors.ts";
import type { InvokeFn, ResourceHandler } from "./resources.ts";
import type { Effect, TimerKind } from "./states/index.ts";
import type { TaskPhase } from "./states/state.ts";
import {
	callbackFailed,
	callbackHeartbeat,
	callbackSucceeded,
	invokeTask,
	resumeTask,
	type TaskOutcome,
	taskDone,
	taskTimedOut,
} from "./states/task.ts";
import { Threads } from "./threads.ts";
import type { EngineStore, ExecutionDoc, HistoryEvent, Thread } from "./types.ts";

export { executionOfToken, type InvokeContext, type InvokeFn, type ResourceHandler } from "./resources.ts";

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

export class ExecutionRuntime extends Threads {
	private queue: Promise<unknown> = Promise.resolve();
	/** Set while a new execution runs up to its first checkpoint, which creates it in the store. */
	private creating: ((doc: ExecutionDoc, events: HistoryEvent[]) => Promise<ExecutionDoc | undefined>) | undefined;
	private closed = false;
	private drainQueued = false;
	private halted = false;
	private readonly closeWaiters: (() => void)[] = [];

	constructor(
		doc: ExecutionDoc,
		def: Compiled,
		private readonly host: RuntimeHost,
	) {
		super(doc, def, host.clock, host.region);
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
				const phase = t.phase;
				if (phase.kind === "ready") this.ready.push(t.id);
				else if (phase.kind === "wait")
					this.effects.push({ kind: "timer", threadId: t.id, seq: t.seq, at: phase.until, what: "wait" });
				else if (phase.kind === "task") resumeTask(this, t, phase);
			}
			if (this.doc.deadline !== undefined)
				this.effects.push({ kind: "timer", threadId: "", seq: 0, at: this.doc.deadline, what: "exec" });
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
		for (const t of Object.values(this.doc.threads)) if (t.phase.kind === "ready") this.ready.push(t.id);
		if (this.doc.deadline !== undefined)
			this.effects.push({ kind: "timer", threadId: "", seq: 0, at: this.doc.deadline, what: "exec" });
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

	private threadOfToken(token: string): { thread: Thread; phase: TaskPhase } {
		for (const thread of Object.values(this.doc.threads))
			if (thread.phase.kind === "task" && thread.phase.token === token) return { thread, phase: thread.phase };
		if (this.doc.closedTokens[token] === "timedOut") throw apiErrors.taskTimedOut();
		throw apiErrors.invalidToken();
	}

	sendTaskSuccess(token: string, output: unknown): Promise<void> {
		return this.run(() => {
			const { thread, phase } = this.threadOfToken(token);
			callbackSucceeded(this, thread, phase, output);
		});
	}

	sendTaskFailure(token: string, error: string, cause: string): Promise<void> {
		return this.run(() => {
			const { thread, phase } = this.threadOfToken(token);
			callbackFailed(this, thread, phase, error, cause);
		});
	}

	sendTaskHeartbeat(token: string): Promise<void> {
		return this.run(() => {
			const { thread, phase } = this.threadOfToken(token);
			callbackHeartbeat(this, thread, phase);
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
			if (t?.phase.kind !== "ready") continue;
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
			if (e.kind !== "invoke") return false;
			const phase = this.doc.threads[e.threadId]?.phase;
			if (phase?.kind !== "task" || phase.token) return false;
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
		const t = e.threadId ? this.doc.threads[e.threadId] : undefined;
		if (this.doc.status !== "RUNNING" || this.halted) return;
		if (e.kind === "timer") {
			if (e.threadId && (!t || t.seq !== e.seq)) return;
			const h = this.host.clock.setTimer(e.at, () => {
				this.run(() => this.onTimer(e.threadId, e.seq, e.what)).catch((err) => this.host.onError(this, err));
			});
			const list = this.timers.get(e.threadId);
			if (list) list.push(h);
			else this.timers.set(e.threadId, [h]);
			return;
		}
		if (!t || t.seq !== e.seq || t.phase.kind !== "task") return;
		const outcome = invokeTask(this.doc, t, t.phase, this.host.invoke, this.host.resources);
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
		const seq = t.seq;
		outcome.then((r) => this.run(() => this.onTaskDone(t.id, seq, r))).catch((err) => this.host.onError(this, err));
	}

	private onTaskDone(threadId: string, seq: number, r: TaskOutcome): void {
		const t = this.doc.threads[threadId];
		if (!t || t.seq !== seq || t.phase.kind !== "task" || this.doc.status !== "RUNNING") return;
		taskDone(this, t, t.phase, r);
	}

	private onTimer(threadId: string, seq: number, what: TimerKind): void {
		if (this.doc.status !== "RUNNING") return;
		if (what === "exec") {
			this.closeExecution("TIMED_OUT", "ExecutionTimedOut", {
				error: "States.Timeout",
				cause: "The execution timed out",
			});
			this.doc.error = "States.Timeout";
			return;
		}
		const t = this.doc.threads[threadId];
		if (!t || t.seq !== seq) return;
		const phase = t.phase;
		if (what === "wait" && phase.kind === "wait") {
			this.fromTimer = true;
			if (phase.retry) {
				this.setPhase(t, { kind: "ready", retry: true });
				this.ready.push(t.id);
			} else {
				this.exit(t, this.stateOf(t), phase.output, phase.assign);
			}
			return;
		}
		if (phase.kind === "task" && what !== "wait") taskTimedOut(this, t, phase, what);
	}
}
