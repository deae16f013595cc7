/**
 * Wait: `Seconds`, `SecondsPath`, `Timestamp` or `TimestampPath` (JSONata: `Seconds` / `Timestamp`
 * as values or expressions) sets the time; the thread waits in a `wait` phase and the runtime's timer
 * exits the state with the output (and assigned variables) computed on entry. The causes of a bad
 * value are AWS's.
 */
import { queryError, runtimeError } from "../errors.ts";
import { tryQuery } from "../jsonpath.ts";
import { applyInputPath } from "../paths.ts";
import { fieldValue, finishState, isJsonata } from "./dataflow.ts";
import type { StateHandler } from "./state.ts";

/** RFC 3339 with a `T` and a zone (`Z` or ±hh:mm), as AWS requires. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Epoch ms of a valid RFC 3339 timestamp, else undefined. */
export function timestampMs(v: unknown): number | undefined {
	if (typeof v !== "string") return undefined;
	const m = RFC3339.exec(v);
	if (!m) return undefined;
	const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
	if (mo! < 1 || mo! > 12 || d! < 1 || h! > 23 || mi! > 59 || s! > 59) return undefined;
	if (new Date(Date.UTC(y!, mo! - 1, d!)).getUTCDate() !== d) return undefined;
	const ms = Date.parse(v.toUpperCase());
	return Number.isNaN(ms) ? undefined : ms;
}

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

export const wait: StateHandler = {
	enter(rt, t, st) {
		const jsonata = isJsonata(rt, st);
		const ctx = rt.context(t);
		const eff = jsonata ? t.input : applyInputPath(st.InputPath, t.input, ctx);
		let until: number;
		if (st.Seconds !== undefined) {
			const s = fieldValue(rt, t, st, "Seconds", st.Seconds);
			if (typeof s !== "number" || !Number.isInteger(s) || s < 0)
				throw queryError(`The Seconds field must be a non-negative integer, got: ${show(s)}`);
			until = t.entered + s * 1000;
		} else if (st.SecondsPath !== undefined) {
			const path = st.SecondsPath;
			const r = tryQuery(path, eff, ctx);
			if (!r.found) throw runtimeError(`The SecondsPath parameter does not reference an input value: ${path}`);
			const s = r.value;
			if (typeof s !== "number" || !Number.isInteger(s))
				throw runtimeError(`The SecondsPath parameter cannot be parsed as a long value: ${path} == ${show(s)}`);
			if (s < 0) throw runtimeError(`The SecondsPath parameter references a negative value: ${path} == ${s}`);
			until = t.entered + s * 1000;
		} else if (st.Timestamp !== undefined) {
			const ts = fieldValue(rt, t, st, "Timestamp", st.Timestamp);
			const ms = timestampMs(ts);
			if (ms === undefined)
				throw (jsonata ? queryError : runtimeError)(
					`The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${show(ts)}`,
				);
			until = ms;
		} else {
			const path = st.TimestampPath ?? "$";
			const r = tryQuery(path, eff, ctx);
			if (!r.found) throw runtimeError(`The TimestampPath parameter does not reference an input value: ${path}`);
			const ms = timestampMs(r.value);
			if (ms === undefined)
				throw runtimeError(
					`The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path} == ${show(r.value)}`,
				);
			until = ms;
		}
		const { output, assigned } = finishState(rt, t, st, eff, false);
		rt.setPhase(t, { kind: "wait", until, output, ...(assigned ? { assign: assigned } : {}) });
		rt.schedule({ kind: "timer", threadId: t.id, seq: t.seq, at: until, what: "wait" });
	},
};
