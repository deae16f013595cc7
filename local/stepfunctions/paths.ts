/**
 * Input and output processing (JSONPath query language): InputPath, Parameters / ItemSelector /
 * ResultSelector payload templates (`key.$` fields, intrinsic functions), ResultPath, OutputPath.
 */
import { runtimeError } from "./errors.ts";
import { evaluateIntrinsic, isIntrinsic } from "./intrinsics.ts";
import { type ContextFn, query, setPath, tryQuery } from "./jsonpath.ts";

export type { ContextFn } from "./jsonpath.ts";

/** InputPath: `$` by default; `null` gives `{}`. */
export function applyInputPath(path: string | null | undefined, input: unknown, ctx: ContextFn): unknown {
	if (path === null) return {};
	if (path === undefined || path === "$") return input;
	return query(path, input, ctx);
}

/** OutputPath: `$` by default; `null` gives `{}`. */
export function applyOutputPath(path: string | null | undefined, output: unknown, ctx: ContextFn): unknown {
	return applyInputPath(path, output, ctx);
}

/** ResultPath: `$` by default (result replaces input); `null` keeps the input. */
export function applyResultPath(path: string | null | undefined, input: unknown, result: unknown): unknown {
	if (path === null) return input;
	if (path === undefined || path === "$") return result;
	return setPath(input, path, result);
}

/** Evaluates a payload template (Parameters, ItemSelector, ResultSelector) against `input`. */
export function evaluateTemplate(template: unknown, input: unknown, ctx: ContextFn): unknown {
	if (Array.isArray(template)) return template.map((t) => evaluateTemplate(t, input, ctx));
	if (template === null || typeof template !== "object") return template;
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(template)) {
		if (key.endsWith(".$")) {
			const name = key.slice(0, -2);
			if (typeof value !== "string")
				throw runtimeError(
					`The value for the field '${key}' must be a STRING that contains a JSONPath or an intrinsic function`,
				);
			if (isIntrinsic(value)) {
				out[name] = evaluateIntrinsic(value, input, ctx);
			} else {
				const r = value.startsWith("$") ? tryQuery(value, input, ctx) : { found: false, value: undefined };
				if (!r.found)
					throw runtimeError(
						`The JSONPath '${value}' specified for the field '${key}' could not be found in the input '${JSON.stringify(value.startsWith("$$") ? ctx() : input)}'`,
					);
				out[name] = r.value;
			}
		} else {
			out[key] = evaluateTemplate(value, input, ctx);
		}
	}
	return out;
}

/** The effective input of a state: InputPath, then Parameters (if any). */
export function effectiveInput(
	state: { InputPath?: string | null; Parameters?: unknown },
	rawInput: unknown,
	ctx: ContextFn,
): unknown {
	const afterPath = applyInputPath(state.InputPath, rawInput, ctx);
	return state.Parameters === undefined ? afterPath : evaluateTemplate(state.Parameters, afterPath, ctx);
}
