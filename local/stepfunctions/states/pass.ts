/** Pass: InputPath → Parameters (or `Result`) → ResultPath → OutputPath. */
import { applyOutputPath, applyResultPath, effectiveInput } from "../paths.ts";
import type { StateHandler } from "./state.ts";

export const pass: StateHandler = {
	enter(rt, t, st) {
		const ctx = rt.context(t);
		const eff = effectiveInput(st, t.input, ctx);
		const result = st.Result !== undefined ? st.Result : eff;
		rt.exit(t, st, applyOutputPath(st.OutputPath, applyResultPath(st.ResultPath, t.input, result), ctx));
	},
};
