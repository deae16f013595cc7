/**
 * Intrinsic functions (`States.Format(...)` and friends) in payload templates, ResultSelector and a
 * Fail state's ErrorPath/CausePath. This module parses an invocation, evaluates its arguments and
 * checks them against the function's rules in `intrinsic-functions.ts` (one table: name, argument
 * rules, function). Arguments are string literals ('…' with the escapes \' \{ \} \\; any other
 * backslash is an error), numbers, booleans, null, JSONPaths (`$.x`, `$$.Execution.Id`) and nested
 * calls (at most 10 deep). Every failure is `States.Runtime`, as on AWS.
 */
import { runtimeError } from "./errors.ts";
import { type ArgRule, type IntrinsicFunction, intrinsicFailure, intrinsicFunctions } from "./intrinsic-functions.ts";
import { query } from "./jsonpath.ts";

type Arg =
	| { kind: "literal"; value: unknown; raw?: string }
	| { kind: "path"; path: string }
	| { kind: "call"; name: string; fn: IntrinsicFunction | undefined; args: Arg[] };

/** AWS: "You can nest up to 10 intrinsic functions within a field". */
export const MAX_NESTING = 10;
/** The characters a backslash may escape inside a string literal. */
const ESCAPABLE = new Set(["'", "{", "}", "\\"]);

const parsed = new Map<string, Arg>();

export function isIntrinsic(text: string): boolean {
	return /^States\.[A-Za-z0-9]+\s*\(/.test(text);
}

function parse(text: string): Arg {
	let pos = 0;
	const fail = (msg: string): never => {
		throw runtimeError(`Invalid intrinsic function '${text}': ${msg} at position ${pos}`);
	};
	const skipSpace = () => {
		while (pos < text.length && /\s/.test(text[pos]!)) pos++;
	};
	const parseString = (): Arg => {
		pos++;
		let value = "";
		let raw = "";
		for (;;) {
			if (pos >= text.length) fail("unterminated string");
			const ch = text[pos]!;
			if (ch === "\\") {
				const next = text[pos + 1];
				if (next === undefined || !ESCAPABLE.has(next)) fail("open escape backslash");
				value += next;
				raw += `\\${next}`;
				pos += 2;
				continue;
			}
			if (ch === "'") {
				pos++;
				return { kind: "literal", value, raw };
			}
			value += ch;
			raw += ch;
			pos++;
		}
	};
	const parsePath = (): Arg => {
		const start = pos;
		let depth = 0;
		let quote: string | undefined;
		while (pos < text.length) {
			const ch = text[pos]!;
			if (quote) {
				if (ch === "\\") pos++;
				else if (ch === quote) quote = undefined;
			} else if (ch === "'" || ch === '"') quote = ch;
			else if (ch === "[" || ch === "(") depth++;
			else if (ch === "]" || ch === ")") {
				if (depth === 0) break;
				depth--;
			} else if (ch === "," && depth === 0) break;
			pos++;
		}
		return { kind: "path", path: text.slice(start, pos).trim() };
	};
	const parseArg = (depth: number): Arg => {
		skipSpace();
		const c = text[pos];
		if (c === "'") return parseString();
		if (c === "$") return parsePath();
		if (text.startsWith("States.", pos)) return parseCall(depth + 1);
		const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(pos));
		if (m) {
			pos += m[0].length;
			return { kind: "literal", value: JSON.parse(m[0]) };
		}
		return fail("unexpected argument");
	};
	const parseCall = (depth: number): Arg => {
		if (depth > MAX_NESTING) fail(`more than ${MAX_NESTING} nested intrinsic functions`);
		const m = /^States\.([A-Za-z0-9]+)\s*\(/.exec(text.slice(pos));
		if (!m) return fail("expected a States.* function");
		pos += m[0].length;
		const name = `States.${m[1]}`;
		const call: Arg = { kind: "call", name, fn: intrinsicFunctions.get(name), args: [] };
		skipSpace();
		if (text[pos] === ")") {
			pos++;
			return call;
		}
		for (;;) {
			call.args.push(parseArg(depth));
			skipSpace();
			if (text[pos] === ",") {
				pos++;
				continue;
			}
			if (text[pos] === ")") {
				pos++;
				return call;
			}
			fail("expected ',' or ')'");
		}
	};
	const root = parseCall(1);
	skipSpace();
	if (pos !== text.length) fail("unexpected trailing text");
	return root;
}

function parseCached(text: string): Arg {
	let arg = parsed.get(text);
	if (!arg) {
		arg = parse(text);
		if (parsed.size > 5000) parsed.clear();
		parsed.set(text, arg);
	}
	return arg;
}

/** Whether `text` is an invocation AWS accepts in a definition: it parses, and names known functions only. */
export function isValidIntrinsic(text: string): boolean {
	let root: Arg;
	try {
		root = parseCached(text);
	} catch {
		return false;
	}
	const known = (arg: Arg): boolean => arg.kind !== "call" || (arg.fn !== undefined && arg.args.every(known));
	return known(root);
}

/** Evaluates an intrinsic function invocation against a state's data (`$…`) and context (`$$…`). */
export function evaluateIntrinsic(text: string, input: unknown, context: () => unknown): unknown {
	return evaluate(parseCached(text), input, context);
}

/**
 * A field that takes a JSONPath or an intrinsic function (a Fail state's ErrorPath and CausePath):
 * the function's result, or the value the path selects.
 */
export function evaluatePathOrIntrinsic(text: string, input: unknown, context: () => unknown): unknown {
	return isIntrinsic(text) ? evaluateIntrinsic(text, input, context) : query(text, input, context);
}

function evaluate(arg: Arg, input: unknown, context: () => unknown): unknown {
	if (arg.kind === "literal") return arg.value;
	if (arg.kind === "path") return query(arg.path, input, context);
	const fn = arg.fn;
	if (!fn) return intrinsicFailure(arg.name, "unknown intrinsic function");
	const count = arg.args.length;
	const required = fn.args.length - (fn.optional ?? 0);
	if (count < required || (!fn.rest && count > fn.args.length)) {
		const expected =
			fn.rest !== undefined
				? `at least ${required}`
				: required === fn.args.length
					? `${required}`
					: `${required} to ${fn.args.length}`;
		intrinsicFailure(fn.name, `expected ${expected} argument${expected === "1" ? "" : "s"}, got ${count}`);
	}
	const values = new Array<unknown>(count);
	for (let i = 0; i < count; i++) {
		const rule = fn.args[i] ?? fn.rest!;
		const a = arg.args[i]!;
		// a template keeps its escapes (\{ \} are not placeholders) when written as a literal
		const value =
			rule.type === "template" && a.kind === "literal" && typeof a.value === "string"
				? a.raw
				: evaluate(a, input, context);
		values[i] = checkArgument(fn.name, rule, value);
	}
	return fn.fn(values, fn.name);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** The shared argument check: the value as the function receives it (numbers rounded where the rule says). */
function checkArgument(functionName: string, rule: ArgRule, value: unknown): unknown {
	const bad = (what: string): never => intrinsicFailure(functionName, `the ${rule.name} must be ${what}`);
	switch (rule.type) {
		case "any":
			return value;
		case "string":
		case "template":
			return typeof value === "string" ? value : bad("a string");
		case "array":
			return Array.isArray(value) ? value : bad("an array");
		case "object":
			return isObject(value) ? value : bad("a JSON object");
		case "boolean":
			return typeof value === "boolean" ? value : bad("a boolean");
		case "integer":
			return typeof value === "number" && Number.isInteger(value) ? value : bad("an integer");
		case "rounded":
			// AWS: "If you specify a non-integer value …, Step Functions will round it off to the nearest integer."
			return typeof value === "number" && Number.isFinite(value) ? Math.round(value) : bad("a number");
	}
}
