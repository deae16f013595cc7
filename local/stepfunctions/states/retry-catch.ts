/**
 * Errors in a Task, Parallel or Map state: the first retrier whose `ErrorEquals` matches decides
 * (wait its interval and run the state again, or give up); then the first matching catcher goes to
 * its `Next` with `{Error, Cause}` at its `ResultPath`; else the branch fails. `States.ALL` and
 * `States.TaskFailed` (all but `States.Timeout`) never match `States.Runtime`.
 */
import { UNCATCHABLE } from "../errors.ts";
import { applyResultPath } from "../paths.ts";
import type { Thread } from "../types.ts";
import type { StateRuntime } from "./state.ts";

export function errorMatches(list: readonly string[], error: string): boolean {
	if (list.includes(error)) return true;
	if (UNCATCHABLE.has(error)) return false;
	if (list.includes("States.ALL")) return true;
	return list.includes("States.TaskFailed") && error !== "States.Timeout";
}

export function handleError(rt: StateRuntime, t: Thread, error: string, cause: string): void {
	const st = rt.stateOf(t);
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
				const until = rt.clock.now() + Math.round(delay * 1000);
				rt.setPhase(t, { k: "wait", until, retry: true });
				rt.schedule({ kind: "timer", threadId: t.id, seq: t.seq, at: until, what: "wait" });
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
				rt.failThread(t, "States.Runtime", (err as Error).message);
				return;
			}
			rt.emit(t, `${st.Type}StateExited`, {
				name: t.state,
				output: JSON.stringify(out),
				outputDetails: { truncated: false },
			});
			rt.goto(t, c.Next, out);
			return;
		}
	}
	rt.failThread(t, error, cause);
}
