/** Succeed: InputPath → OutputPath, then the branch ends with that output. */
import { applyInputPath, applyOutputPath } from "../paths.ts";
import type { StateHandler } from "./state.ts";

export const succeed: StateHandler = {
	enter(rt, t, st) {
		const ctx = rt.context(t);
		const out = applyOutputPath(st.OutputPath, applyInputPath(st.InputPath, t.input, ctx), ctx);
		rt.emit(t, "SucceedStateExited", {
			name: t.state,
			output: JSON.stringify(out),
			outputDetails: { truncated: false },
		});
		rt.finishThread(t, out);
	},
};
