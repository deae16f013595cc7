/**
 * Intrinsic functions (`States.Format(...)` and friends) in payload templates and ResultSelector.
 * Arguments are string literals ('…' with \' \{ \} \\ escapes), numbers, booleans, null, JSONPaths
 * (`$.x`, `$$.Execution.Id`) and nested intrinsic calls. A failure is `States.Runtime`, as on AWS.
 */
import { createHash, randomUUID } from "node:crypto";
import { runtimeError } from "./errors.ts";
import { query } from "./jsonpath.ts";

type Arg =
	| { kind: "lit"; value: unknown; raw?: string }
	| { kind: "path"; path: string }
	| { kind: "call"; name: string; args: Arg[] };

const cache = new Map<string, Arg>();

export function isIntrinsic(text: string): boolean {
	return /^States\.[A-Za-z0-9]+\s*\(/.test(text);
}

function parse(text: string): Arg {
	let pos = 0;
	const fail = (msg: string): never => {
		throw runtimeError(`Invalid intrinsic function '${text}': ${msg} at position ${pos}`);
	};
	const ws = () => {
		while (pos < text.length && /\s/.test(text[pos]!)) pos++;
	};
	const parseArg = (): Arg => {
		ws();
		const c = text[pos];
		if (c === "'") {
			pos++;
			let value = "";
			let raw = "";
			for (;;) {
				if (pos >= text.length) fail("unterminated string");
				const ch = text[pos]!;
				if (ch === "\\") {
					const nx = text[pos + 1];
					if (nx === undefined) fail("dangling escape");
					value += nx;
					raw += `\\${nx}`;
					pos += 2;
					continue;
				}
				if (ch === "'") {
					pos++;
					break;
				}
				value += ch;
				raw += ch;
				pos++;
			}
			return { kind: "lit", value, raw };
		}
		if (c === "$") {
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
		}
		if (text.startsWith("States.", pos)) return parseCall();
		const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(pos));
		if (m) {
			pos += m[0].length;
			return { kind: "lit", value: JSON.parse(m[0]) };
		}
		return fail("unexpected argument");
	};
	const parseCall = (): Arg => {
		const m = /^States\.([A-Za-z0-9]+)\s*\(/.exec(text.slice(pos));
		if (!m) return fail("expected a States.* function");
		pos += m[0].length;
		const args: Arg[] = [];
		ws();
		if (text[pos] === ")") {
			pos++;
			return { kind: "call", name: m[1]!, args };
		}
		for (;;) {
			args.push(parseArg());
			ws();
			if (text[pos] === ",") {
				pos++;
				continue;
			}
			if (text[pos] === ")") {
				pos++;
				break;
			}
			fail("expected ',' or ')'");
		}
		return { kind: "call", name: m[1]!, args };
	};
	const root = parseCall();
	ws();
	if (pos !== text.length) fail("unexpected trailing text");
	return root;
}

function parseIntrinsic(text: string): Arg {
	let a = cache.get(text);
	if (!a) {
		a = parse(text);
		if (cache.size > 5000) cache.clear();
		cache.set(text, a);
	}
	return a;
}

function deepEqual(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
	if (Array.isArray(a) !== Array.isArray(b)) return false;
	if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
	const ka = Object.keys(a);
	const kb = Object.keys(b);
	return (
		ka.length === kb.length &&
		ka.every(
			(k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
		)
	);
}

/** A small seeded generator (mulberry32) for States.MathRandom with a seed. */
function seeded(seed: number): () => number {
	let t = seed >>> 0;
	return () => {
		t += 0x6d2b79f5;
		let r = Math.imul(t ^ (t >>> 15), 1 | t);
		r ^= r + Math.imul(r ^ (r >>> 7), 61 | r);
		return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
	};
}

const HASHES: Record<string, string> = {
	MD5: "md5",
	"SHA-1": "sha1",
	"SHA-256": "sha256",
	"SHA-384": "sha384",
	"SHA-512": "sha512",
};

function formatValue(v: unknown): string {
	if (typeof v === "string") return v;
	return JSON.stringify(v);
}

export function evaluateIntrinsic(text: string, input: unknown, context: () => unknown): unknown {
	return evalArg(parseIntrinsic(text), input, context);
}

function evalArg(arg: Arg, input: unknown, context: () => unknown): unknown {
	if (arg.kind === "lit") return arg.value;
	if (arg.kind === "path") return query(arg.path, input, context);
	const fn = `States.${arg.name}`;
	const bad = (why: string): never => {
		throw runtimeError(`Invalid arguments in ${fn}: ${why}`);
	};
	const vals = () => arg.args.map((a) => evalArg(a, input, context));
	const count = (n: number, m = n) => {
		if (arg.args.length < n || arg.args.length > m)
			bad(`expected ${n === m ? n : `${n} to ${m}`} arguments, got ${arg.args.length}`);
	};
	const str = (v: unknown, what: string): string => (typeof v === "string" ? v : bad(`${what} must be a string`));
	const arr = (v: unknown, what: string): unknown[] => (Array.isArray(v) ? v : bad(`${what} must be an array`));
	const int = (v: unknown, what: string): number =>
		typeof v === "number" && Number.isInteger(v) ? v : bad(`${what} must be an integer`);
	switch (arg.name) {
		case "Format": {
			if (arg.args.length < 1) bad("a format string is required");
			const first = arg.args[0]!;
			const template =
				first.kind === "lit" && typeof first.value === "string"
					? (first.raw ?? first.value)
					: str(evalArg(first, input, context), "template");
			const rest = arg.args.slice(1).map((a) => evalArg(a, input, context));
			let out = "";
			let used = 0;
			for (let i = 0; i < template.length; i++) {
				const ch = template[i]!;
				if (ch === "\\" && i + 1 < template.length) {
					out += template[++i];
				} else if (ch === "{" && template[i + 1] === "}") {
					if (used >= rest.length) bad("more placeholders than arguments");
					const v = rest[used++];
					if (v !== null && typeof v === "object") bad("arguments must be strings, numbers, booleans or null");
					out += formatValue(v);
					i++;
				} else out += ch;
			}
			if (used !== rest.length) bad("more arguments than placeholders");
			return out;
		}
		case "StringToJson": {
			count(1);
			const s = str(vals()[0], "argument");
			try {
				return JSON.parse(s);
			} catch {
				return bad("argument is not JSON text");
			}
		}
		case "JsonToString": {
			count(1);
			return JSON.stringify(vals()[0]);
		}
		case "Array":
			return vals();
		case "ArrayPartition": {
			count(2);
			const [a, n] = vals();
			const items = arr(a, "first argument");
			const size = int(n, "chunk size");
			if (size <= 0) bad("chunk size must be positive");
			const out: unknown[][] = [];
			for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
			return out;
		}
		case "ArrayContains": {
			count(2);
			const [a, v] = vals();
			return arr(a, "first argument").some((x) => deepEqual(x, v));
		}
		case "ArrayRange": {
			count(3);
			const [a, b, c] = vals();
			const start = int(a, "start");
			const end = int(b, "end");
			const step = int(c, "step");
			if (step === 0) bad("step must not be 0");
			const out: number[] = [];
			for (let x = start; step > 0 ? x <= end : x >= end; x += step) {
				out.push(x);
				if (out.length > 1000) bad("the result has more than 1000 items");
			}
			return out;
		}
		case "ArrayGetItem": {
			count(2);
			const [a, i] = vals();
			const items = arr(a, "first argument");
			const ix = int(i, "index");
			if (ix < 0 || ix >= items.length) bad(`index ${ix} is out of bounds`);
			return items[ix];
		}
		case "ArrayLength": {
			count(1);
			return arr(vals()[0], "argument").length;
		}
		case "ArrayUnique": {
			count(1);
			const out: unknown[] = [];
			for (const x of arr(vals()[0], "argument")) if (!out.some((y) => deepEqual(x, y))) out.push(x);
			return out;
		}
		case "Base64Encode": {
			count(1);
			const s = str(vals()[0], "argument");
			if (s.length > 10_000) bad("input is longer than 10000 characters");
			return Buffer.from(s, "utf8").toString("base64");
		}
		case "Base64Decode": {
			count(1);
			const s = str(vals()[0], "argument");
			if (s.length > 10_000) bad("input is longer than 10000 characters");
			if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) bad("input is not base64");
			return Buffer.from(s, "base64").toString("utf8");
		}
		case "Hash": {
			count(2);
			const [d, alg] = vals();
			const algorithm = HASHES[str(alg, "algorithm")];
			if (!algorithm) bad("algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
			const data = str(d, "data");
			if (data.length > 10_000) bad("input is longer than 10000 characters");
			return createHash(algorithm!).update(data, "utf8").digest("hex");
		}
		case "JsonMerge": {
			count(3);
			const [a, b, deep] = vals();
			const isObj = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
			if (!isObj(a) || !isObj(b)) bad("the first two arguments must be objects");
			if (deep !== false) bad("only shallow merging is supported: the third argument must be false");
			return { ...(a as object), ...(b as object) };
		}
		case "MathRandom": {
			count(2, 3);
			const [a, b, s] = vals();
			const start = int(a, "start");
			const end = int(b, "end");
			if (end <= start) bad("end must be greater than start");
			const rnd = s === undefined ? Math.random : seeded(int(s, "seed"));
			return start + Math.floor(rnd() * (end - start));
		}
		case "MathAdd": {
			count(2);
			const [a, b] = vals();
			if (typeof a !== "number" || typeof b !== "number") bad("both arguments must be numbers");
			const x = Math.round(a as number);
			const y = Math.round(b as number);
			const lim = 2 ** 31;
			if (x < -lim || x >= lim || y < -lim || y >= lim) bad("arguments must be between -2147483648 and 2147483647");
			return x + y;
		}
		case "StringSplit": {
			count(2);
			const [a, b] = vals();
			const s = str(a, "first argument");
			const delims = str(b, "delimiter");
			// AWS splits on each character of the delimiter string and drops empty pieces (java.util.StringTokenizer)
			const out: string[] = [];
			let cur = "";
			for (const ch of s) {
				if (delims.includes(ch)) {
					if (cur) out.push(cur);
					cur = "";
				} else cur += ch;
			}
			if (cur) out.push(cur);
			return out;
		}
		case "UUID":
			count(0);
			return randomUUID();
		default:
			return bad("unknown intrinsic function");
	}
}
