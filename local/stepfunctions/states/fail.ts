/**
 * Fail: the branch fails with `Error`/`ErrorPath` and `Cause`/`CausePath` (either may be absent);
 * ErrorPath and CausePath take a JSONPath or an intrinsic function.
 */
import { evaluatePathOrIntrinsic } from "../intrinsics.ts";
import type { StateHandler } from "./state.ts";

export const fail: StateHandler = {
	enter(rt, t, st) {
		const ctx = rt.context(t);
		const error = st.ErrorPath !== undefined ? evaluatePathOrIntrinsic(st.ErrorPath, t.input, ctx) : st.Error;
		const cause = st.CausePath !== undefined ? evaluatePathOrIntrinsic(st.CausePath, t.input, ctx) : st.Cause;
		rt.failThread(t, typeof error === "string" ? error : undefined, typeof cause === "string" ? cause : undefined);
	},
};
