/**
 * The intrinsic functions of the JSONPath query language, one row each: name, argument rules, function.
 * Arguments are checked before the function runs (`intrinsics.ts`): their count, then each one's
 * type; `rounded` numbers arrive rounded to the nearest integer as AWS documents for MathAdd,
 * MathRandom, ArrayRange and ArrayPartition. Limits and results follow AWS's "Intrinsic functions
 * for JSONPath states" page; where the page is silent, the behaviour AWS records (see docs/engine.md).
 */
import { createHash, randomUUID } from "node:crypto";
import { runtimeError } from "./errors.ts";

export interface ArgRule {
	/** How the argument is named in an error ("the chunk size must be …"). */
	readonly name: string;
	/**
	 * `any`; `string`; `template` (a string; written as a literal, it keeps its escapes); `array`;
	 * `object`; `boolean`; `integer` (a number without fraction); `rounded` (any number, rounded).
	 */
	readonly type: "any" | "string" | "template" | "array" | "object" | "boolean" | "integer" | "rounded";
}

export interface IntrinsicFunction {
	readonly name: string;
	/** Positional arguments. */
	readonly args: readonly ArgRule[];
	/** How many of the last positional arguments may be left out. */
	readonly optional?: number;
	/** The rule for any number of further arguments (variadic functions). */
	readonly rest?: ArgRule;
	/** Runs on checked arguments. */
	readonly fn: (args: unknown[], name: string) => unknown;
}

/** The failure of an intrinsic function: `States.Runtime` naming the function, as AWS reports it. */
export function intrinsicFailure(functionName: string, why: string): never {
	throw runtimeError(`Invalid arguments in ${functionName}: ${why}`);
}

/** Strings, arrays and Hash/Base64 inputs: AWS's documented limits. */
export const LIMITS = { inputCharacters: 10_000, arrayRangeItems: 1000, int32: 2 ** 31 } as const;

const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
	MD5: "md5",
	"SHA-1": "sha1",
	"SHA-256": "sha256",
	"SHA-384": "sha384",
	"SHA-512": "sha512",
};

const any = (name: string): ArgRule => ({ name, type: "any" });
const string = (name: string): ArgRule => ({ name, type: "string" });
const array = (name = "first argument"): ArgRule => ({ name, type: "array" });
const rounded = (name: string): ArgRule => ({ name, type: "rounded" });

function deepEqual(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
	const ka = Object.keys(a);
	const kb = Object.keys(b);
	const ra = a as Record<string, unknown>;
	const rb = b as Record<string, unknown>;
	return ka.length === kb.length && ka.every((k) => Object.hasOwn(rb, k) && deepEqual(ra[k], rb[k]));
}

/**
 * A number as Java writes it (AWS formats with Java): integers within a long as digits (`12`),
 * others as Double.toString does (`1.1`, `1.0E-4`, `1.23456789E7`, `1.0E21`).
 */
export function javaNumber(n: number): string {
	if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
	const abs = Math.abs(n);
	if (abs >= 1e-3 && abs < 1e7) return String(n);
	const [mantissa, exponent] = n.toExponential().split("e") as [string, string];
	return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/**
 * A `States.Format` argument as AWS writes it: strings as they are, numbers, booleans and null as
 * JSON, objects and arrays as Java writes a map or list — `{Arg1=1, Arg2=[]}`, `[a, 1, null]`.
 */
export function formatArgument(value: unknown): string {
	if (typeof value === "string") return value;
	if (typeof value === "number") return javaNumber(value);
	if (Array.isArray(value)) return `[${value.map(formatArgument).join(", ")}]`;
	if (value !== null && typeof value === "object")
		return `{${Object.entries(value)
			.map(([k, v]) => `${k}=${formatArgument(v)}`)
			.join(", ")}}`;
	return JSON.stringify(value);
}

/** `{}` placeholders take the arguments in order; `\{`, `\}`, `\'` and `\\` stand for the character. */
function format([template, ...values]: unknown[], name: string): string {
	const text = template as string;
	let out = "";
	let used = 0;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i]!;
		if (ch === "\\" && i + 1 < text.length) {
			out += text[++i];
		} else if (ch === "{" && text[i + 1] === "}") {
			if (used >= values.length) intrinsicFailure(name, "the format string has more {} placeholders than arguments");
			out += formatArgument(values[used++]);
			i++;
		} else out += ch;
	}
	if (used !== values.length) intrinsicFailure(name, "the format string has fewer {} placeholders than arguments");
	return out;
}

function checkLength(name: string, what: string, s: string): string {
	if (s.length > LIMITS.inputCharacters)
		intrinsicFailure(name, `the ${what} is longer than ${LIMITS.inputCharacters} characters`);
	return s;
}

function checkInt32(name: string, ...values: number[]): void {
	for (const v of values)
		if (v < -LIMITS.int32 || v >= LIMITS.int32)
			intrinsicFailure(name, `the arguments must be between -2147483648 and 2147483647, got ${v}`);
}

/** A small seeded generator (mulberry32) for States.MathRandom with a seed: the same seed, the same number. */
function seeded(seed: number): () => number {
	let t = seed >>> 0;
	return () => {
		t += 0x6d2b79f5;
		let r = Math.imul(t ^ (t >>> 15), 1 | t);
		r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
		return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
	};
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const table: IntrinsicFunction[] = [
	{ name: "States.Format", args: [{ name: "format string", type: "template" }], rest: any("argument"), fn: format },
	{
		name: "States.StringToJson",
		args: [string("argument")],
		fn: ([s], name) => {
			const text = s as string;
			if (text.trim() === "") return null; // AWS: an empty or blank string gives null
			try {
				return JSON.parse(text);
			} catch {
				return intrinsicFailure(name, "the argument is not valid JSON text");
			}
		},
	},
	{ name: "States.JsonToString", args: [any("argument")], fn: ([v]) => JSON.stringify(v) },
	{ name: "States.Array", args: [], rest: any("argument"), fn: (values) => values },
	{
		name: "States.ArrayPartition",
		args: [array(), rounded("chunk size")],
		fn: ([items, size], name) => {
			const list = items as unknown[];
			const chunk = size as number;
			if (chunk <= 0) intrinsicFailure(name, "the chunk size must be a positive integer");
			const out: unknown[][] = [];
			for (let i = 0; i < list.length; i += chunk) out.push(list.slice(i, i + chunk));
			return out;
		},
	},
	{
		name: "States.ArrayContains",
		args: [array(), any("value")],
		fn: ([items, value]) => (items as unknown[]).some((x) => deepEqual(x, value)),
	},
	{
		name: "States.ArrayRange",
		args: [rounded("start"), rounded("end"), rounded("step")],
		fn: ([a, b, c], name) => {
			const [start, end, step] = [a as number, b as number, c as number];
			if (step === 0) intrinsicFailure(name, "the step must not be 0");
			const count = (end - start) / step < 0 ? 0 : Math.floor((end - start) / step) + 1;
			if (count > LIMITS.arrayRangeItems)
				intrinsicFailure(name, `the result would have ${count} items, more than ${LIMITS.arrayRangeItems}`);
			return Array.from({ length: count }, (_, i) => start + i * step);
		},
	},
	{
		name: "States.ArrayGetItem",
		args: [array(), { name: "index", type: "integer" }],
		fn: ([items, i], name) => {
			const list = items as unknown[];
			const index = i as number;
			if (index < 0 || index >= list.length)
				intrinsicFailure(name, `the index ${index} is out of bounds for an array of ${list.length} items`);
			return list[index];
		},
	},
	{ name: "States.ArrayLength", args: [array("argument")], fn: ([items]) => (items as unknown[]).length },
	{
		name: "States.ArrayUnique",
		args: [array("argument")],
		fn: ([items]) => {
			const out: unknown[] = [];
			for (const x of items as unknown[]) if (!out.some((y) => deepEqual(x, y))) out.push(x);
			return out;
		},
	},
	{
		name: "States.Base64Encode",
		args: [string("argument")],
		fn: ([s], name) => Buffer.from(checkLength(name, "input", s as string), "utf8").toString("base64"),
	},
	{
		name: "States.Base64Decode",
		args: [string("argument")],
		fn: ([s], name) => {
			const text = checkLength(name, "input", s as string);
			if (!BASE64.test(text) || text.length % 4 === 1) intrinsicFailure(name, "the argument is not base64 text");
			return Buffer.from(text, "base64").toString("utf8");
		},
	},
	{
		name: "States.Hash",
		args: [string("data"), string("algorithm")],
		fn: ([data, alg], name) => {
			const algorithm = HASH_ALGORITHMS[alg as string];
			if (!algorithm) intrinsicFailure(name, `the algorithm must be one of ${Object.keys(HASH_ALGORITHMS).join(", ")}`);
			return createHash(algorithm!)
				.update(checkLength(name, "data", data as string), "utf8")
				.digest("hex");
		},
	},
	{
		name: "States.JsonMerge",
		args: [
			{ name: "first argument", type: "object" },
			{ name: "second argument", type: "object" },
			{ name: "deep merge flag", type: "boolean" },
		],
		fn: ([a, b, deep], name) => {
			if (deep !== false) intrinsicFailure(name, "only shallow merging is supported: the third argument must be false");
			return { ...(a as object), ...(b as object) };
		},
	},
	{
		name: "States.MathRandom",
		args: [rounded("start"), rounded("end"), { name: "seed", type: "integer" }],
		optional: 1,
		fn: ([a, b, seed], name) => {
			const [start, end] = [a as number, b as number];
			checkInt32(name, start, end);
			if (end <= start) intrinsicFailure(name, "the end must be greater than the start");
			const random = seed === undefined ? Math.random : seeded(seed as number);
			return start + Math.floor(random() * (end - start));
		},
	},
	{
		name: "States.MathAdd",
		args: [rounded("first argument"), rounded("second argument")],
		fn: ([a, b], name) => {
			checkInt32(name, a as number, b as number);
			return (a as number) + (b as number);
		},
	},
	{
		name: "States.StringSplit",
		args: [string("first argument"), string("delimiter")],
		fn: ([s, d]) => {
			// every character of the delimiter splits, and empty pieces are dropped (as java.util.StringTokenizer)
			const delimiters = d as string;
			const out: string[] = [];
			let piece = "";
			for (const ch of s as string) {
				if (delimiters.includes(ch)) {
					if (piece) out.push(piece);
					piece = "";
				} else piece += ch;
			}
			if (piece) out.push(piece);
			return out;
		},
	},
	{ name: "States.UUID", args: [], fn: () => randomUUID() },
];

export const intrinsicFunctions: ReadonlyMap<string, IntrinsicFunction> = new Map(table.map((f) => [f.name, f]));
