/**
 * Wait: `Seconds`, `SecondsPath`, `Timestamp` or `TimestampPath` sets the time; the thread waits in
 * a `wait` phase and the runtime's timer exits the state with the output computed on entry.
 */
import { runtimeError } from "../errors.ts";
import { query } from "../jsonpath.ts";
import { applyInputPath, applyOutputPath } from "../paths.ts";
import type { StateHandler } from "./state.ts";

export const wait: StateHandler = {
	enter(rt, t, st) {
		const ctx = rt.context(t);
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
		rt.setPhase(t, { k: "wait", until, output: out });
		rt.schedule({ kind: "timer", threadId: t.id, seq: t.seq, at: until, what: "wait" });
	},
};
