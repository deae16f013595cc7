/**
 * What a state's code sees of its execution. The runtime core (interpreter.ts) implements
 * `StateRuntime`; each state type is a `StateHandler` (one file per type in this folder).
 */
import type { Clock } from "#local/clock.ts";
import type { Compiled, StateDef } from "../definition.ts";
import type { ContextFn, Lookup } from "../jsonpath.ts";
import type { ExecutionDoc, Phase, Thread } from "../types.ts";

/** Something the runtime does after the next checkpoint (or at once when none is needed). */
export type Effect =
	| { kind: "invoke"; threadId: string; seq: number }
	| { kind: "timer"; threadId: string; seq: number; at: number; what: TimerKind };

/** Why a timer was set: a Wait state or retry interval, a task's timeout or heartbeat, the execution's timeout. */
export type TimerKind = "wait" | "timeout" | "heartbeat" | "exec";

export type TaskPhase = Extract<Phase, { kind: "task" }>;
export type BranchesPhase = Extract<Phase, { kind: "branches" }>;

/** Extra parts of the context object `$$`: the task token of a callback task, the Map item. */
export interface ContextExtra {
	token?: string;
	item?: { Index: number; Value: unknown };
}

export interface StateRuntime {
	readonly doc: ExecutionDoc;
	readonly def: Compiled;
	readonly clock: Clock;
	/** The region task events name. */
	readonly region: string;
	/** The context object `$$` for thread `t` (built on first use), with its variables. */
	context(t: Thread, extra?: ContextExtra): ContextFn;
	/** A workflow variable as `t` sees it. */
	lookupVariable(t: Thread, name: string): Lookup;
	/** Every variable `t` sees. */
	variables(t: Thread): Record<string, unknown>;
	/** Appends a history event (its details under AWS's `…EventDetails` key) to `t`'s branch. */
	emit(t: Thread | undefined, type: string, details?: Record<string, unknown>): void;
	/** Moves `t` to a new phase (cancelling its timers; stale callbacks see the new `seq`). */
	setPhase(t: Thread, phase: Phase): void;
	/** Cancels the timers set for thread `threadId`. */
	cancelTimers(threadId: string): void;
	/** Queues an effect, performed after the checkpoint that ends this turn (if any). */
	schedule(effect: Effect): void;
	/** The next checkpoint must happen in this turn. */
	requireCheckpoint(): void;
	/** This change can ride with the next checkpoint, whenever it comes. */
	markDirty(): void;
	/** This turn began with a timer: a restart reaches the same point again from the last checkpoint. */
	markFromTimer(): void;
	stateOf(t: Thread): StateDef;
	/** Emits `…StateExited`, sets the assigned variables and goes to `next` / `Next` (or ends the branch). */
	exit(t: Thread, st: StateDef, output: unknown, assigned?: Record<string, unknown>, next?: string): void;
	/** Makes `t` enter `next` with `input`. */
	goto(t: Thread, next: string, input: unknown): void;
	/** A Task / Parallel / Map produced its result: ResultSelector, ResultPath, OutputPath, then on. */
	completeTask(t: Thread, result: unknown): void;
	/** An error in `t`'s state: its Retry and Catch, else the branch fails. */
	handleError(t: Thread, error: string | undefined, cause: string | undefined): void;
	/** Ends a branch with its output (the execution, or a child of Parallel / Map). */
	finishThread(t: Thread, output: unknown): void;
	/** Ends a branch with an error; a Fail state may give neither error nor cause. */
	failThread(t: Thread, error: string | undefined, cause: string | undefined): void;
	/** Starts a child branch, ready to run. */
	spawn(fields: Omit<Thread, "id" | "seq" | "entered">): Thread;
	/** Removes every descendant of a thread (tokens of their tasks time out). */
	killChildren(parentId: string): void;
}

export interface StateHandler {
	/** Runs the state for `t` (just entered, or again after a retry interval). Throws StatesError to fail. */
	enter(rt: StateRuntime, t: Thread, st: StateDef): void;
	/** A child branch (Parallel branch, Map iteration) ended with `output`. */
	childSucceeded?(rt: StateRuntime, parent: Thread, st: StateDef, child: Thread, output: unknown): void;
	/** A child branch failed; its siblings are gone already. */
	childFailed?(rt: StateRuntime, parent: Thread, st: StateDef, child: Thread): void;
}
