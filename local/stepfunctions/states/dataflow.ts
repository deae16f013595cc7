/**
 * A state's data flow in its query language.
 *
 * JSONPath: InputPath → Parameters → (work) → ResultSelector → ResultPath → OutputPath; `Assign`
 * is evaluated on the result after ResultSelector (`$`), with the variables as they were when the
 * state was entered, and takes effect when the state ends.
 * JSONata: `Arguments` (default: the input) → (work) → `Output` (default: the result, or the input)
 * and `Assign`, both with `$states.input/result/context` and the variables at entry.
 */
import type { StateDef } from "../definition.ts";
import { evaluateJsonata, jsonataBindings, type StatesBinding } from "../jsonata.ts";
import { applyOutputPath, applyResultPath, effectiveInput, evaluateTemplate } from "../paths.ts";
import type { Thread } from "../types.ts";
import type { ContextExtra, StateRuntime } from "./state.ts";

export type Assigned = Record<string, unknown> | undefined;

export function isJsonata(rt: StateRuntime, st: StateDef): boolean {
	return rt.def.jsonata && (st.QueryLanguage ?? rt.def.root.QueryLanguage) === "JSONata";
}

/** JSONata bindings for thread `t`: its variables and `$states`. */
export function bindings(
	rt: StateRuntime,
	t: Thread,
	extra?: Partial<StatesBinding>,
	context?: ContextExtra,
): Record<string, unknown> {
	return jsonataBindings(rt.variables(t), { input: t.input, context: rt.context(t, context)(), ...extra });
}

/** The input of the state's work: InputPath and Parameters, or Arguments. */
export function stateInput(rt: StateRuntime, t: Thread, st: StateDef, context?: ContextExtra): unknown {
	if (isJsonata(rt, st))
		return st.Arguments === undefined
			? t.input
			: evaluateJsonata(st.Arguments, bindings(rt, t, {}, context), "Arguments");
	return effectiveInput(st, t.input, rt.context(t, context));
}

/**
 * The state's output and the variables it assigns, from its result (`hasResult`: a Task, Parallel or
 * Map result, which JSONata sees as `$states.result`; else the effective input of Pass/Choice/Wait/Succeed).
 */
export function finishState(
	rt: StateRuntime,
	t: Thread,
	st: StateDef,
	result: unknown,
	hasResult: boolean,
): { output: unknown; assigned: Assigned } {
	if (isJsonata(rt, st)) {
		const b = bindings(rt, t, hasResult ? { result } : {});
		const output = st.Output === undefined ? (hasResult ? result : t.input) : evaluateJsonata(st.Output, b, "Output");
		const assigned = st.Assign === undefined ? undefined : (evaluateJsonata(st.Assign, b, "Assign") as Assigned);
		return { output, assigned };
	}
	const plain =
		st.ResultSelector === undefined &&
		st.Assign === undefined &&
		(st.OutputPath === undefined || st.OutputPath === "$");
	if (plain) return { output: applyResultPath(st.ResultPath, t.input, result), assigned: undefined };
	const ctx = rt.context(t);
	const selected = st.ResultSelector === undefined ? result : evaluateTemplate(st.ResultSelector, result, ctx);
	const assigned = st.Assign === undefined ? undefined : (evaluateTemplate(st.Assign, selected, ctx) as Assigned);
	const output = applyOutputPath(st.OutputPath, applyResultPath(st.ResultPath, t.input, selected), ctx);
	return { output, assigned };
}

/** A field that is a number in JSONPath and may be a `{% %}` expression in JSONata (Seconds, TimeoutSeconds, …). */
export function fieldValue(rt: StateRuntime, t: Thread, st: StateDef, field: string, value: unknown): unknown {
	return isJsonata(rt, st) && typeof value === "string" ? evaluateJsonata(value, bindings(rt, t), field) : value;
}
