/** Choice: the first rule that matches picks `Next`, else `Default`, else States.NoChoiceMatched. */
import { evaluateRule } from "../choice.ts";
import { StatesError } from "../errors.ts";
import { applyInputPath, applyOutputPath } from "../paths.ts";
import type { StateHandler } from "./state.ts";

export const choice: StateHandler = {
	enter(rt, t, st) {
		const ctx = rt.context(t);
		const eff = applyInputPath(st.InputPath, t.input, ctx);
		let next: string | undefined;
		for (const rule of st.Choices ?? []) {
			if (evaluateRule(rule, eff, ctx)) {
				next = rule.Next as string;
				break;
			}
		}
		next ??= st.Default;
		if (!next) throw new StatesError("States.NoChoiceMatched", `No Matches! (state '${t.state}')`);
		const out = applyOutputPath(st.OutputPath, eff, ctx);
		rt.emit(t, "ChoiceStateExited", {
			name: t.state,
			output: JSON.stringify(out),
			outputDetails: { truncated: false },
		});
		rt.goto(t, next, out);
	},
};
