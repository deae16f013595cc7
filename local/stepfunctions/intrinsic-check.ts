/**
 * Intrinsic functions checked when a state machine is created, as AWS checks them: every `key.$`
 * field of a JSONPath state's payload templates (Parameters, ResultSelector, ItemSelector) and a Fail
 * state's ErrorPath/CausePath that is written as an intrinsic function must parse (escapes included:
 * a backslash may only escape ' { } \) and name known functions. AWS answers InvalidDefinition with
 * "The value for the field 'x.$' must be a valid JSONPath or a valid intrinsic function call at
 * /States/S/Parameters".
 */
import type { Machine } from "./definition.ts";
import { isIntrinsic, isValidIntrinsic } from "./intrinsics.ts";

const TEMPLATE_FIELDS = ["Parameters", "ResultSelector", "ItemSelector"] as const;

function templateProblem(template: unknown, at: string): string | undefined {
	if (Array.isArray(template)) {
		for (const [i, item] of template.entries()) {
			const p = templateProblem(item, `${at}/${i}`);
			if (p) return p;
		}
		return undefined;
	}
	if (template === null || typeof template !== "object") return undefined;
	for (const [key, value] of Object.entries(template)) {
		if (key.endsWith(".$") && typeof value === "string" && isIntrinsic(value) && !isValidIntrinsic(value))
			return `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call at ${at}`;
		const p = templateProblem(value, `${at}/${key}`);
		if (p) return p;
	}
	return undefined;
}

/** The first invalid intrinsic function of a definition (JSONPath states only), as AWS words it. */
export function intrinsicProblem(
	m: Machine,
	queryLanguage = m.QueryLanguage ?? "JSONPath",
	at = "",
): string | undefined {
	for (const [name, st] of Object.entries(m.States ?? {})) {
		const where = `${at}/States/${name}`;
		const language = st.QueryLanguage ?? queryLanguage;
		if (language === "JSONPath") {
			for (const field of TEMPLATE_FIELDS) {
				const p = templateProblem(st[field], `${where}/${field}`);
				if (p) return p;
			}
			for (const field of ["ErrorPath", "CausePath"] as const) {
				const value = st[field];
				if (typeof value === "string" && isIntrinsic(value) && !isValidIntrinsic(value))
					return `The value for the field '${field}' must be a valid JSONPath or a valid intrinsic function call at ${where}`;
			}
		}
		for (const [i, branch] of (st.Branches ?? []).entries()) {
			const p = intrinsicProblem(branch, language, `${where}/Branches/${i}`);
			if (p) return p;
		}
		const processor = st.ItemProcessor ?? st.Iterator;
		if (processor) {
			const p = intrinsicProblem(processor, language, `${where}/ItemProcessor`);
			if (p) return p;
		}
	}
	return undefined;
}
