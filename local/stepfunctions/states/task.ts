/**
 * Task: InputPath → Parameters → the resource (a Lambda function through lambda:invoke or its ARN,
 * a callback `.waitForTaskToken`, or a handler from `resources`) → ResultSelector → ResultPath →
 * OutputPath, with `TimeoutSeconds(Path)` and `HeartbeatSeconds(Path)` as timers. The runtime invokes
 * the resource after the checkpoint (an `invoke` effect) and hands back its outcome to `taskDone`.
 */
import { lambdaFailure, runtimeError } from "../errors.ts";
import { query } from "../jsonpath.ts";
import { applyInputPath } from "../paths.ts";
import {
	functionNameOf,
	type InvokeContext,
	type InvokeFn,
	lambdaInvokeResult,
	makeToken,
	type ResourceHandler,
	taskKind,
} from "../resources.ts";
import type { ExecutionDoc, Thread } from "../types.ts";
import { fieldValue, isJsonata, stateInput } from "./dataflow.ts";
import type { StateHandler, StateRuntime, TaskPhase } from "./state.ts";

export type TaskOutcome = { ok: true; v: unknown } | { ok: false; err: unknown };

const clone = <T>(v: T): T => (v === undefined ? (null as T) : (JSON.parse(JSON.stringify(v)) as T));

function positiveInt(v: unknown, what: string): number {
	if (typeof v !== "number" || !Number.isInteger(v) || v <= 0)
		throw runtimeError(`${what} must be a positive integer, got ${JSON.stringify(v)}`);
	return v;
}

export const task: StateHandler = {
	enter(rt, t, st) {
		const resource = st.Resource ?? "";
		const { kind, callback, type: resourceType, part } = taskKind(resource);
		const token = callback ? makeToken(rt.doc.arn) : undefined;
		const extra = token ? { token } : undefined;
		const ctx = rt.context(t, extra);
		const afterInput = isJsonata(rt, st) ? t.input : applyInputPath(st.InputPath, t.input, ctx);
		const params = stateInput(rt, t, st, extra);
		const timeoutSeconds =
			st.TimeoutSeconds !== undefined
				? positiveInt(fieldValue(rt, t, st, "TimeoutSeconds", st.TimeoutSeconds), "TimeoutSeconds")
				: st.TimeoutSecondsPath !== undefined
					? positiveInt(query(st.TimeoutSecondsPath, afterInput, ctx), "TimeoutSecondsPath")
					: undefined;
		const heartbeat =
			st.HeartbeatSeconds !== undefined
				? positiveInt(fieldValue(rt, t, st, "HeartbeatSeconds", st.HeartbeatSeconds), "HeartbeatSeconds")
				: st.HeartbeatSecondsPath !== undefined
					? positiveInt(query(st.HeartbeatSecondsPath, afterInput, ctx), "HeartbeatSecondsPath")
					: undefined;
		let fn: string | undefined;
		if (kind === "invoke") {
			const name = (params as Record<string, unknown> | null)?.FunctionName;
			if (typeof name !== "string")
				throw runtimeError("The lambda:invoke Parameters must contain a FunctionName string");
			fn = functionNameOf(name);
		} else if (kind === "lambda") fn = functionNameOf(resource);
		const now = rt.clock.now();
		const phase: TaskPhase = {
			kind: "task",
			resource,
			params,
			...(fn !== undefined ? { fn } : {}),
			...(token ? { token } : {}),
			...(timeoutSeconds !== undefined ? { deadline: now + timeoutSeconds * 1000, timeoutSeconds } : {}),
			...(heartbeat !== undefined ? { heartbeat, hbDeadline: now + heartbeat * 1000 } : {}),
		};
		if (kind === "lambda") {
			rt.emit(t, "LambdaFunctionScheduled", {
				resource,
				input: JSON.stringify(params),
				inputDetails: { truncated: false },
				...(timeoutSeconds !== undefined ? { timeoutInSeconds: timeoutSeconds } : {}),
			});
			rt.emit(t, "LambdaFunctionStarted");
		} else {
			rt.emit(t, "TaskScheduled", {
				resourceType,
				resource: part,
				region: rt.region,
				parameters: JSON.stringify(params),
				...(timeoutSeconds !== undefined ? { timeoutInSeconds: timeoutSeconds } : {}),
				...(heartbeat !== undefined ? { heartbeatInSeconds: heartbeat } : {}),
			});
			rt.emit(t, "TaskStarted", { resourceType, resource: part });
		}
		rt.setPhase(t, phase);
		rt.schedule({ kind: "invoke", threadId: t.id, seq: t.seq });
		taskTimers(rt, t, phase);
	},
};

/** Schedules the task's timeout and heartbeat timers. */
export function taskTimers(rt: StateRuntime, t: Thread, phase: TaskPhase): void {
	if (phase.deadline !== undefined)
		rt.schedule({ kind: "timer", threadId: t.id, seq: t.seq, at: phase.deadline, what: "timeout" });
	if (phase.hbDeadline !== undefined)
		rt.schedule({ kind: "timer", threadId: t.id, seq: t.seq, at: phase.hbDeadline, what: "heartbeat" });
}

/** After a restart: invoke again (at-least-once) unless a callback's function had returned; timers again. */
export function resumeTask(rt: StateRuntime, t: Thread, phase: TaskPhase): void {
	if (!(phase.token && phase.invoked)) rt.schedule({ kind: "invoke", threadId: t.id, seq: t.seq });
	taskTimers(rt, t, phase);
}

/** Starts the task's resource; the promise settles with what it returned or threw. */
export function invokeTask(
	doc: ExecutionDoc,
	t: Thread,
	phase: TaskPhase,
	invoke: InvokeFn,
	resources: Readonly<Record<string, ResourceHandler>>,
): Promise<TaskOutcome> {
	const { kind, base } = taskKind(phase.resource);
	const ctx: InvokeContext = {
		executionArn: doc.arn,
		stateMachineArn: doc.smArn,
		stateName: t.state,
		...(phase.token ? { taskToken: phase.token } : {}),
		...(phase.deadline !== undefined ? { deadline: phase.deadline } : {}),
	};
	let work: Promise<unknown>;
	try {
		if (kind === "custom") {
			const handler = resources[base];
			work = handler
				? handler(clone(phase.params), ctx)
				: Promise.reject(runtimeError(`Unsupported Task resource '${phase.resource}'`));
		} else {
			const payload = kind === "invoke" ? ((phase.params as Record<string, unknown>).Payload ?? {}) : phase.params;
			work = invoke(phase.fn!, clone(payload), ctx);
		}
	} catch (err) {
		work = Promise.reject(err);
	}
	return work.then(
		(v) => ({ ok: true as const, v }),
		(err: unknown) => ({ ok: false as const, err }),
	);
}

/** The resource answered (the thread is still in this task). */
export function taskDone(rt: StateRuntime, t: Thread, phase: TaskPhase, r: TaskOutcome): void {
	const { kind, callback, type: resourceType, part: resource } = taskKind(phase.resource);
	if (!r.ok) {
		const { error, cause } = lambdaFailure(r.err);
		if (phase.token) rt.doc.closedTokens[phase.token] = "completed";
		if (kind === "lambda") rt.emit(t, "LambdaFunctionFailed", { error, cause });
		else rt.emit(t, "TaskFailed", { resourceType, resource, error, cause });
		rt.handleError(t, error, cause);
		return;
	}
	let value: unknown;
	try {
		value = clone(r.v);
	} catch (err) {
		rt.handleError(t, "States.Runtime", `The task result is not JSON: ${(err as Error).message}`);
		return;
	}
	const result = kind === "invoke" ? lambdaInvokeResult(value) : value;
	if (callback) {
		// No checkpoint of its own: it rides with the next one (the token's answer, a timeout, a stop).
		// A crash before that invokes the function again with the same token (at-least-once).
		phase.invoked = true;
		rt.markDirty();
		rt.emit(t, "TaskSubmitted", {
			resourceType,
			resource,
			output: JSON.stringify(result),
			outputDetails: { truncated: false },
		});
		return;
	}
	if (kind === "lambda")
		rt.emit(t, "LambdaFunctionSucceeded", { output: JSON.stringify(result), outputDetails: { truncated: false } });
	else
		rt.emit(t, "TaskSucceeded", {
			resourceType,
			resource,
			output: JSON.stringify(result),
			outputDetails: { truncated: false },
		});
	rt.completeTask(t, result);
}

/** The task's timeout or heartbeat timer fired. */
export function taskTimedOut(rt: StateRuntime, t: Thread, phase: TaskPhase, what: "timeout" | "heartbeat"): void {
	if (what === "heartbeat" && (phase.hbDeadline === undefined || phase.hbDeadline > rt.clock.now())) return;
	const error = what === "heartbeat" ? "States.HeartbeatTimeout" : "States.Timeout";
	if (phase.token) rt.doc.closedTokens[phase.token] = "timedOut";
	const { kind, type: resourceType, part: resource } = taskKind(phase.resource);
	const cause = what === "heartbeat" ? "The task did not send a heartbeat in time" : "The task timed out";
	if (kind === "lambda") rt.emit(t, "LambdaFunctionTimedOut", { error, cause });
	else rt.emit(t, "TaskTimedOut", { resourceType, resource, error, cause });
	// A timer's consequences can be replayed from the last checkpoint (the timer is due again at
	// once after a restart), so they need no checkpoint of their own before a plain task runs.
	rt.markDirty();
	rt.markFromTimer();
	rt.handleError(t, error, cause);
}

/** SendTaskSuccess for the token of this callback task. */
export function callbackSucceeded(rt: StateRuntime, t: Thread, phase: TaskPhase, output: unknown): void {
	const { type: resourceType, part: resource } = taskKind(phase.resource);
	rt.doc.closedTokens[phase.token!] = "completed";
	rt.requireCheckpoint();
	rt.emit(t, "TaskSucceeded", {
		resourceType,
		resource,
		output: JSON.stringify(output),
		outputDetails: { truncated: false },
	});
	rt.completeTask(t, output);
}

/** SendTaskFailure for the token of this callback task. */
export function callbackFailed(rt: StateRuntime, t: Thread, phase: TaskPhase, error: string, cause: string): void {
	const { type: resourceType, part: resource } = taskKind(phase.resource);
	rt.doc.closedTokens[phase.token!] = "completed";
	rt.requireCheckpoint();
	rt.emit(t, "TaskFailed", { resourceType, resource, error, cause });
	rt.handleError(t, error, cause);
}

/** SendTaskHeartbeat: the heartbeat timer starts again. */
export function callbackHeartbeat(rt: StateRuntime, t: Thread, phase: TaskPhase): void {
	if (phase.heartbeat === undefined) return;
	phase.hbDeadline = rt.clock.now() + phase.heartbeat * 1000;
	rt.cancelTimers(t.id);
	taskTimers(rt, t, phase);
	rt.requireCheckpoint();
}
