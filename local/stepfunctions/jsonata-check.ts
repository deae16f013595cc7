/**
 * JSONata expressions checked when a state machine is created, as AWS checks them: every `{% … %}`
 * string of a JSONata state must parse (else INVALID_JSONATA_EXPRESSION), and a path may not start
 * from a bare name — there is no input document, so `phone` reads nothing; the input is
 * `$states.input` (else UNSUPPORTED_JSONATA_EXPRESSION: "Reference to 'phone' at the top level is not
 * supported."). Locations as AWS gives them: `/States/E/Output/v`, `[i]` for an array index.
 * Only positions evaluated against the (absent) input are looked at: operands, arguments, constructor
 * values, conditions, blocks and bindings; a path's later steps, predicates and lambda bodies are not.
 */
import jsonata from "jsonata";
import type { Machine } from "./definition.ts";
import { expressionOf } from "./jsonata.ts";

interface AstNode {
	type?: string;
	value?: unknown;
	steps?: AstNode[];
	lhs?: AstNode | [AstNode, AstNode][];
	rhs?: AstNode;
	expression?: AstNode;
	expressions?: AstNode[];
	arguments?: AstNode[];
	procedure?: AstNode;
	condition?: AstNode;
	then?: AstNode;
	else?: AstNode;
}

/** The first bare name read from the top level of an expression, if any. */
export function topLevelReference(node: AstNode | undefined): string | undefined {
	if (!node || typeof node !== "object") return undefined;
	const first = (...nodes: (AstNode | undefined)[]) => {
		for (const n of nodes) {
			const found = topLevelReference(n);
			if (found !== undefined) return found;
		}
		return undefined;
	};
	switch (node.type) {
		case "name":
			return String(node.value);
		case "path":
			return first(node.steps?.[0]);
		case "binary":
		case "apply":
			return first(node.lhs as AstNode | undefined, node.rhs);
		case "unary":
			if (node.value === "[") return first(...(node.expressions ?? []));
			if (node.value === "{") return first(...((node.lhs as [AstNode, AstNode][] | undefined) ?? []).flat());
			return first(node.expression);
		case "function":
		case "partial":
			return first(node.procedure?.type === "variable" ? undefined : node.procedure, ...(node.arguments ?? []));
		case "condition":
			return first(node.condition, node.then, node.else);
		case "block":
			return first(...(node.expressions ?? []));
		case "bind":
			return first(node.rhs);
		default:
			return undefined;
	}
}

/** The problem with one `{% … %}` string at `at`, as AWS words it, or undefined. */
function expressionProblem(text: string, at: string): string | undefined {
	const expr = expressionOf(text);
	if (expr === undefined) return undefined;
	let ast: AstNode;
	try {
		ast = jsonata(expr).ast() as AstNode;
	} catch (err) {
		const e = err as { code?: string; message?: string };
		return `INVALID_JSONATA_EXPRESSION: The JSONata expression '${expr}' is not valid: ${e.code ? `${e.code}: ` : ""}${e.message ?? String(err)} at ${at}`;
	}
	const name = topLevelReference(ast);
	return name === undefined
		? undefined
		: `UNSUPPORTED_JSONATA_EXPRESSION: Reference to '${name}' at the top level is not supported. at ${at}`;
}

/** Every string under `value` (a state's field), with its location. */
function valueProblem(value: unknown, at: string): string | undefined {
	if (typeof value === "string") return expressionProblem(value, at);
	if (Array.isArray(value)) {
		for (const [i, item] of value.entries()) {
			const p = valueProblem(item, `${at}[${i}]`);
			if (p) return p;
		}
		return undefined;
	}
	if (value !== null && typeof value === "object")
		for (const [key, item] of Object.entries(value)) {
			const p = valueProblem(item, `${at}/${key}`);
			if (p) return p;
		}
	return undefined;
}

/** Fields that hold states of their own (checked with their own language) or no expressions. */
const NOT_EXPRESSIONS = new Set(["Branches", "ItemProcessor", "Iterator", "Type", "Next", "Comment", "QueryLanguage"]);

/** The first JSONata expression AWS would refuse in a definition, or undefined. */
export function jsonataProblem(m: Machine, queryLanguage = m.QueryLanguage ?? "JSONPath", at = ""): string | undefined {
	// runs before the schema check, so the definition may be any JSON: look only at what has the shape
	if (m === null || typeof m !== "object" || m.States === null || typeof m.States !== "object") return undefined;
	for (const [name, st] of Object.entries(m.States)) {
		if (st === null || typeof st !== "object") continue;
		const where = `${at}/States/${name}`;
		const language = typeof st.QueryLanguage === "string" ? st.QueryLanguage : queryLanguage;
		if (language === "JSONata")
			for (const [field, value] of Object.entries(st)) {
				if (NOT_EXPRESSIONS.has(field)) continue;
				const p = valueProblem(value, `${where}/${field}`);
				if (p) return p;
			}
		for (const [i, branch] of (Array.isArray(st.Branches) ? st.Branches : []).entries()) {
			const p = jsonataProblem(branch, language, `${where}/Branches[${i}]`);
			if (p) return p;
		}
		const processor = st.ItemProcessor ?? st.Iterator;
		if (processor) {
			const p = jsonataProblem(processor, language, `${where}/ItemProcessor`);
			if (p) return p;
		}
	}
	return undefined;
}
