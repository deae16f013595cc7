/** Succeed: InputPath → OutputPath (JSONata: `Output`), then the branch ends with that output. */
import { applyInputPath } from "../paths.ts";
import { finishState, isJsonata } from "./dataflow.ts";
import type { StateHandler } from "./state.ts";

export const succeed: StateHandler = {
	enter(rt, t, st) {
		const eff = isJsonata(rt, st) ? undefined : applyInputPath(st.InputPath, t.input, rt.context(t));
		rt.exit(t, st, finishState(rt, t, st, eff, false).output);
	},
};
