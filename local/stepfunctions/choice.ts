/**
 * Choice rules: every comparison operator (and its `…Path` form), the type tests, And / Or / Not.
 * A comparison whose value has the wrong type is false; a `Variable` that selects nothing is a
 * `States.Runtime` error except for `IsPresent`.
 */
import { runtimeError } from "./errors.ts";
import { tryQuery } from "./jsonpath.ts";
import type { ContextFn } from "./paths.ts";

export type ChoiceRule = Record<string, unknown>;

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Epoch milliseconds of an RFC 3339 timestamp (with T and a zone), or undefined. */
function parseTimestamp(v: unknown): number | undefined {
	if (typeof v !== "string") return undefined;
	const m = RFC3339.exec(v);
	if (!m) return undefined;
	const [, y, mo, d, h, mi, s] = m;
	if (
		Number(mo) < 1 ||
		Number(mo) > 12 ||
		Number(d) < 1 ||
		Number(d) > 31 ||
		Number(h) > 23 ||
		Number(mi) > 59 ||
		Number(s) > 60
	)
		return undefined;
	const t = Date.parse(v.toUpperCase());
	if (Number.isNaN(t)) return undefined;
	// Date.parse keeps only milliseconds; fractions beyond are ignored (AWS compares at nanosecond precision)
	const check = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
	if (check.getUTCDate() !== Number(d)) return undefined;
	return t;
}

/** StringMatches: `*` matches any run of characters; `\*` and `\\` are literal. */
function stringMatches(value: string, pattern: string): boolean {
	let re = "^";
	for (let i = 0; i < pattern.length; i++) {
		const ch = pattern[i]!;
		if (ch === "\\" && i + 1 < pattern.length) {
			re += escapeRe(pattern[++i]!);
		} else if (ch === "*") re += "[\\s\\S]*";
		else re += escapeRe(ch);
	}
	return new RegExp(`${re}$`).test(value);
}

function escapeRe(ch: string): string {
	return ch.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

type Kind = "String" | "Numeric" | "Boolean" | "Timestamp";
type Op = "Equals" | "LessThan" | "GreaterThan" | "LessThanEquals" | "GreaterThanEquals";

const COMPARATORS: { key: string; kind: Kind; op: Op; path: boolean }[] = [];
for (const kind of ["String", "Numeric", "Boolean", "Timestamp"] as const) {
	const ops: Op[] =
		kind === "Boolean" ? ["Equals"] : ["Equals", "LessThan", "GreaterThan", "LessThanEquals", "GreaterThanEquals"];
	for (const op of ops) {
		COMPARATORS.push({ key: `${kind}${op}`, kind, op, path: false });
		COMPARATORS.push({ key: `${kind}${op}Path`, kind, op, path: true });
	}
}
const BY_KEY = new Map(COMPARATORS.map((c) => [c.key, c]));

function typed(kind: Kind, v: unknown): number | string | boolean | undefined {
	switch (kind) {
		case "String":
			return typeof v === "string" ? v : undefined;
		case "Numeric":
			return typeof v === "number" ? v : undefined;
		case "Boolean":
			return typeof v === "boolean" ? v : undefined;
		case "Timestamp":
			return parseTimestamp(v);
	}
}

function compare(op: Op, a: number | string | boolean, b: number | string | boolean): boolean {
	switch (op) {
		case "Equals":
			return a === b;
		case "LessThan":
			return a < b;
		case "GreaterThan":
			return a > b;
		case "LessThanEquals":
			return a <= b;
		case "GreaterThanEquals":
			return a >= b;
	}
}

export function evaluateRule(rule: ChoiceRule, input: unknown, ctx: ContextFn): boolean {
	if (Array.isArray(rule.And)) return (rule.And as ChoiceRule[]).every((r) => evaluateRule(r, input, ctx));
	if (Array.isArray(rule.Or)) return (rule.Or as ChoiceRule[]).some((r) => evaluateRule(r, input, ctx));
	if (rule.Not && typeof rule.Not === "object") return !evaluateRule(rule.Not as ChoiceRule, input, ctx);
	const variable = rule.Variable;
	if (typeof variable !== "string") throw runtimeError("A choice rule must have a Variable, And, Or or Not");
	const got = tryQuery(variable, input, ctx);
	if ("IsPresent" in rule) return got.found === rule.IsPresent;
	if (!got.found)
		throw runtimeError(`Invalid path '${variable}': The choice state's condition path references an invalid value.`);
	const v = got.value;
	if ("IsNull" in rule) return (v === null) === rule.IsNull;
	if ("IsString" in rule) return (typeof v === "string") === rule.IsString;
	if ("IsNumeric" in rule) return (typeof v === "number") === rule.IsNumeric;
	if ("IsBoolean" in rule) return (typeof v === "boolean") === rule.IsBoolean;
	if ("IsTimestamp" in rule) return (parseTimestamp(v) !== undefined) === rule.IsTimestamp;
	if ("StringMatches" in rule)
		return typeof v === "string" && typeof rule.StringMatches === "string" && stringMatches(v, rule.StringMatches);
	for (const key of Object.keys(rule)) {
		const c = BY_KEY.get(key);
		if (!c) continue;
		let expected: unknown = rule[key];
		if (c.path) {
			const r = tryQuery(String(expected), input, ctx);
			if (!r.found)
				throw runtimeError(
					`Invalid path '${String(expected)}': The choice state's condition path references an invalid value.`,
				);
			expected = r.value;
		}
		const a = typed(c.kind, v);
		const b = typed(c.kind, expected);
		if (a === undefined || b === undefined) return false;
		return compare(c.op, a, b);
	}
	throw runtimeError(`Unsupported choice rule: ${JSON.stringify(rule)}`);
}
