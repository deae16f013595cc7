/**
 * Choice: the first rule that matches picks `Next` (and its `Assign` / JSONata `Output`), else
 * `Default` (with the state's `Assign` / `Output`), else States.NoChoiceMatched. JSONPath rules
 * compare `Variable`; JSONata rules evaluate `Condition`.
 */
import { evaluateRule } from "../choice.ts";
import { queryError, StatesError } from "../errors.ts";
import { evaluateJsonata } from "../jsonata.ts";
import { applyInputPath, applyOutputPath, evaluateTemplate } from "../paths.ts";
import { bindings, finishState, isJsonata } from "./dataflow.ts";
import type { StateHandler } from "./state.ts";

export const choice: StateHandler = {
	enter(rt, t, st) {
		const rules = st.Choices ?? [];
		if (isJsonata(rt, st)) {
			const b = bindings(rt, t);
			for (const [i, rule] of rules.entries()) {
				const ok = evaluateJsonata(rule.Condition, b, `Choices[${i}]/Condition`);
				if (typeof ok !== "boolean")
					throw queryError(
						`The JSONata expression '${String(rule.Condition)}' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was '${ok === null ? "null" : Array.isArray(ok) ? "array" : typeof ok}' for value: ${JSON.stringify(ok)}`,
					);
				if (!ok) continue;
				const template = rule.Output ?? st.Output;
				const output = template === undefined ? t.input : evaluateJsonata(template, b, "Output");
				const assigned = rule.Assign === undefined ? undefined : evaluateJsonata(rule.Assign, b, "Assign");
				rt.exit(t, st, output, assigned as Record<string, unknown> | undefined, rule.Next as string);
				return;
			}
			if (!st.Default) throw new StatesError("States.NoChoiceMatched", `No Matches! (state '${t.state}')`);
			const { output, assigned } = finishState(rt, t, st, undefined, false);
			rt.exit(t, st, output, assigned, st.Default);
			return;
		}
		const ctx = rt.context(t);
		const eff = applyInputPath(st.InputPath, t.input, ctx);
		for (const rule of rules) {
			if (!evaluateRule(rule, eff, ctx)) continue;
			// the rule's Assign, with the state's OutputPath
			const output = applyOutputPath(st.OutputPath, eff, ctx);
			const assigned = rule.Assign === undefined ? undefined : evaluateTemplate(rule.Assign, eff, ctx);
			rt.exit(t, st, output, assigned as Record<string, unknown> | undefined, rule.Next as string);
			return;
		}
		if (!st.Default) throw new StatesError("States.NoChoiceMatched", `No Matches! (state '${t.state}')`);
		const { output, assigned } = finishState(rt, t, st, eff, false);
		rt.exit(t, st, output, assigned, st.Default);
	},
};
