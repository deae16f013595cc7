/**
 * Fail: the branch fails with `Error`/`ErrorPath` and `Cause`/`CausePath` (JSONata: `Error` and
 * `Cause` as values or expressions); either may be absent, and then the failure has none.
 */
import { runtimeError } from "../errors.ts";
import { evaluateJsonata } from "../jsonata.ts";
import { tryQuery } from "../jsonpath.ts";
import { evaluateIntrinsic, isIntrinsic } from "../intrinsics.ts";
import type { Thread } from "../types.ts";
import { bindings, isJsonata } from "./dataflow.ts";
import type { StateHandler, StateRuntime } from "./state.ts";

function fromPath(rt: StateRuntime, t: Thread, field: "ErrorPath" | "CausePath", path: string): unknown {
	const ctx = rt.context(t);
	if (isIntrinsic(path)) return evaluateIntrinsic(path, t.input, ctx);
	const r = tryQuery(path, t.input, ctx);
	if (!r.found)
		throw runtimeError(
			`The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${JSON.stringify(t.input)}'`,
		);
	return r.value;
}

export const fail: StateHandler = {
	enter(rt, t, st) {
		let error: unknown = st.Error;
		let cause: unknown = st.Cause;
		if (isJsonata(rt, st)) {
			const b = bindings(rt, t);
			if (error !== undefined) error = evaluateJsonata(error, b, "Error");
			if (cause !== undefined) cause = evaluateJsonata(cause, b, "Cause");
		} else {
			if (st.ErrorPath !== undefined) error = fromPath(rt, t, "ErrorPath", st.ErrorPath);
			if (st.CausePath !== undefined) cause = fromPath(rt, t, "CausePath", st.CausePath);
		}
		rt.failThread(t, typeof error === "string" ? error : undefined, typeof cause === "string" ? cause : undefined);
	},
};
