/**
 * Errors in a Task, Parallel or Map state: the first retrier whose `ErrorEquals` matches decides
 * (wait its interval and run the state again, or give up); then the first matching catcher goes to
 * its `Next` with `{Error, Cause}` at its `ResultPath` (JSONata: its `Output`, by default the error
 * output) and sets its `Assign` variables; else the branch fails. `States.ALL` and
 * `States.TaskFailed` (all but `States.Timeout`) never match `States.Runtime`. A failure without an
 * error name (a Fail state without Error) is matched as "" and, uncaught, fails without one.
 */
import type { Catcher } from "../definition.ts";
import { locatedCause, UNCATCHABLE } from "../errors.ts";
import { evaluateJsonata } from "../jsonata.ts";
import { applyResultPath, evaluateTemplate } from "../paths.ts";
import type { Thread } from "../types.ts";
import { bindings, isJsonata } from "./dataflow.ts";
import type { StateRuntime } from "./state.ts";

export function errorMatches(list: readonly string[], error: string): boolean {
	if (list.includes(error)) return true;
	if (UNCATCHABLE.has(error)) return false;
	if (list.includes("States.ALL")) return true;
	return list.includes("States.TaskFailed") && error !== "States.Timeout";
}

/** What a catcher makes of the error: the state's output and the variables it assigns. */
function caught(rt: StateRuntime, t: Thread, c: Catcher, errorOutput: { Error: string; Cause: string }) {
	const st = rt.stateOf(t);
	if (isJsonata(rt, st)) {
		const b = bindings(rt, t, { errorOutput });
		return {
			output: c.Output === undefined ? errorOutput : evaluateJsonata(c.Output, b, "Output"),
			assigned:
				c.Assign === undefined ? undefined : (evaluateJsonata(c.Assign, b, "Assign") as Record<string, unknown>),
		};
	}
	const ctx = rt.context(t);
	return {
		output: applyResultPath(c.ResultPath, t.input, errorOutput),
		assigned:
			c.Assign === undefined ? undefined : (evaluateTemplate(c.Assign, errorOutput, ctx) as Record<string, unknown>),
	};
}

export function handleError(
	rt: StateRuntime,
	t: Thread,
	errorName: string | undefined,
	causeText: string | undefined,
): void {
	const st = rt.stateOf(t);
	const canHandle = st.Type === "Task" || st.Type === "Parallel" || st.Type === "Map";
	const error = errorName ?? "";
	const cause = causeText ?? "";
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
				const until = rt.clock.now() + Math.round(delay * 1000);
				rt.setPhase(t, { kind: "wait", until, retry: true });
				rt.schedule({ kind: "timer", threadId: t.id, seq: t.seq, at: until, what: "wait" });
				return;
			}
			break;
		}
		for (const c of st.Catch ?? []) {
			if (!errorMatches(c.ErrorEquals, error)) continue;
			let done: { output: unknown; assigned: Record<string, unknown> | undefined };
			try {
				done = caught(rt, t, c, { Error: error, Cause: cause });
			} catch (err) {
				const name = (err as { error?: string }).error ?? "States.Runtime";
				const text = (err as { errorCause?: string }).errorCause ?? (err as Error).message;
				rt.failThread(t, name, locatedCause(name, text, t.state, t.enteredEventId));
				return;
			}
			rt.exit(t, st, done.output, done.assigned, c.Next);
			return;
		}
	}
	rt.failThread(t, errorName, causeText);
}
