/** Pass: JSONPath InputPath → Parameters (or `Result`) → ResultPath → OutputPath; JSONata `Output`. `Assign` in both. */
import { effectiveInput } from "../paths.ts";
import { finishState, isJsonata } from "./dataflow.ts";
import type { StateHandler } from "./state.ts";

export const pass: StateHandler = {
	enter(rt, t, st) {
		let result: unknown;
		if (!isJsonata(rt, st)) result = st.Result !== undefined ? st.Result : effectiveInput(st, t.input, rt.context(t));
		const { output, assigned } = finishState(rt, t, st, result, false);
		rt.exit(t, st, output, assigned);
	},
};
