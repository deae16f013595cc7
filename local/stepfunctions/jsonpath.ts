/**
 * JSONPath as Step Functions applies it, on top of jsonpath-plus (which parses every path).
 *
 * - A *definite* path (only child names and indexes) selects one value; selecting nothing is a
 *   `States.Runtime` error.
 * - An *indefinite* path (wildcard, recursive descent, slice, union, filter) selects a list, which
 *   is `[]` when nothing matches (AWS: Jayway JSONPath semantics).
 * - `$$…` paths read the context object; `$name…` paths read the workflow variable `name`.
 * - A path that selects nothing is reported as Jayway JSONPath (which AWS runs) words it:
 *   "No results for path: $['a']['b']", or "Missing property in path $['a']" when a property on
 *   the way to the last one is missing, and its messages for a property of a non-object or an index
 *   of a non-array.
 */
import { JSONPath } from "jsonpath-plus";
import { runtimeError } from "./errors.ts";

interface Parsed {
	readonly segments: readonly string[];
	readonly definite: boolean;
}

const cache = new Map<string, Parsed>();

const SLICE = /^-?\d*:-?\d*(:-?\d*)?$/;
const UNION = /^-?\d+(,-?\d+)+$/;

function isIndefiniteSegment(seg: string): boolean {
	return (
		seg === "*" || seg === ".." || seg.startsWith("?(") || seg.startsWith("(") || SLICE.test(seg) || UNION.test(seg)
	);
}

function parsePath(path: string): Parsed {
	let p = cache.get(path);
	if (!p) {
		if (!path.startsWith("$")) throw runtimeError(`Invalid path '${path}': paths must start with '$'`);
		const segments = JSONPath.toPathArray(path).slice(1);
		p = { segments, definite: !segments.some(isIndefiniteSegment) };
		if (cache.size > 10_000) cache.clear();
		cache.set(path, p);
	}
	return p;
}

const MISSING = Symbol("missing");

/** A lookup's outcome; `missing` says why nothing was found (Jayway's words). */
export interface Lookup {
	found: boolean;
	value: unknown;
	missing?: string;
}

/**
 * The context object `$$` (built on first use) when called without an argument; called with a
 * variable's name, that workflow variable (`$name`) as a `Lookup`.
 */
export type ContextFn = (variable?: string) => unknown;

function variableOf(context: ContextFn, name: string): Lookup {
	const v = context(name) as Partial<Lookup> | undefined;
	return typeof v?.found === "boolean" ? (v as Lookup) : { found: false, value: undefined };
}

function walk(root: unknown, segments: readonly string[]): unknown {
	let cur: unknown = root;
	for (const seg of segments) {
		if (Array.isArray(cur)) {
			if (!/^-?\d+$/.test(seg)) return MISSING;
			let i = Number(seg);
			if (i < 0) i += cur.length;
			if (i < 0 || i >= cur.length) return MISSING;
			cur = cur[i];
		} else if (cur !== null && typeof cur === "object") {
			if (!Object.hasOwn(cur, seg)) return MISSING;
			cur = (cur as Record<string, unknown>)[seg];
		} else {
			return MISSING;
		}
	}
	return cur;
}

/** Jayway's normalized form of a definite path: `$['a'][0]`. */
function normalized(segments: readonly string[], count: number): string {
	let out = "$";
	for (let i = 0; i < count; i++) {
		const seg = segments[i]!;
		out += /^-?\d+$/.test(seg) ? `[${seg}]` : `['${seg}']`;
	}
	return out;
}

/** The Java class Jayway (with its default JsonSmart provider) names for a JSON value. */
function javaClass(v: unknown): string {
	if (v === null || v === undefined) return "null";
	if (typeof v === "string") return "java.lang.String";
	if (typeof v === "boolean") return "java.lang.Boolean";
	if (typeof v === "number")
		return !Number.isInteger(v)
			? "java.lang.Double"
			: Math.abs(v) <= 2147483647
				? "java.lang.Integer"
				: "java.lang.Long";
	return Array.isArray(v) ? "net.minidev.json.JSONArray" : "net.minidev.json.JSONObject";
}

const fragment = (seg: string) => (/^-?\d+$/.test(seg) ? `[${seg}]` : `['${seg}']`);

/** Why a definite path found nothing, in Jayway's words (walked again: only on failure). */
function missingMessage(root: unknown, segments: readonly string[]): string {
	let cur: unknown = root;
	let path = "$";
	for (let i = 0; i < segments.length; i++) {
		const seg = segments[i]!;
		if (/^-?\d+$/.test(seg)) {
			if (cur === null || cur === undefined) return `The path ${path} is null`;
			if (!Array.isArray(cur))
				return `Filter: ${segments.slice(i).map(fragment).join("")} can only be applied to arrays. Current context is: ${typeof cur === "string" ? cur : JSON.stringify(cur)}`;
			const ix = Number(seg) < 0 ? cur.length + Number(seg) : Number(seg);
			if (ix < 0 || ix >= cur.length) break;
			cur = cur[ix];
		} else {
			if (cur === null || typeof cur !== "object" || Array.isArray(cur))
				return `Expected to find an object with property ['${seg}'] in path ${path} but found '${javaClass(cur)}'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.`;
			if (!Object.hasOwn(cur, seg)) {
				if (i < segments.length - 1) return `Missing property in path ${path}['${seg}']`;
				break;
			}
			cur = (cur as Record<string, unknown>)[seg];
		}
		path += fragment(seg);
	}
	return `No results for path: ${normalized(segments, segments.length)}`;
}

function select(path: string, root: unknown): Lookup {
	const parsed = parsePath(path);
	if (parsed.definite) {
		const v = walk(root, parsed.segments);
		return v === MISSING
			? { found: false, value: undefined, missing: missingMessage(root, parsed.segments) }
			: { found: true, value: v };
	}
	const matches =
		root !== null && typeof root === "object"
			? (JSONPath({ path, json: root as object, wrap: true }) as unknown[])
			: [];
	return { found: true, value: Array.isArray(matches) ? matches : [] };
}

/** Reads `path` from `data` (or the context object, or a variable); throws States.Runtime when a definite path selects nothing. */
export function query(path: string, data: unknown, context: ContextFn): unknown {
	const r = tryQuery(path, data, context);
	if (!r.found) throw runtimeError(`Invalid path '${path}' : ${r.missing ?? `No results for path: ${path}`}`);
	return r.value;
}

/** `$name`, `$name.a`, `$name[0]`: a variable reference (`$$` and `$.`/`$[` are not). */
const VARIABLE = /^\$([\p{L}_][\p{L}\p{N}_]*)([.[].*)?$/su;

/** The variable a path reads, and the path into its value (`$…`), or undefined. */
export function variableRef(path: string): { name: string; rest: string } | undefined {
	const c = path.charCodeAt(1);
	if (c === 36 /* $ */ || c === 46 /* . */ || c === 91 /* [ */ || Number.isNaN(c)) return undefined;
	const m = VARIABLE.exec(path);
	return m ? { name: m[1]!, rest: `$${m[2] ?? ""}` } : undefined;
}

/** Like `query`, but reports a missing value instead of throwing. */
export function tryQuery(path: string, data: unknown, context: ContextFn): Lookup {
	if (path === "$") return { found: true, value: data };
	if (path.startsWith("$$")) {
		const ctx = context();
		return path === "$$" ? { found: true, value: ctx } : select(path.slice(1), ctx);
	}
	const ref = variableRef(path);
	if (ref) {
		const v = variableOf(context, ref.name);
		if (!v.found || ref.rest === "$") return v;
		return select(ref.rest, v.value);
	}
	return select(path, data);
}

/** Returns a copy of `input` with `value` placed at the reference path `path` (ResultPath). */
export function setPath(input: unknown, path: string, value: unknown): unknown {
	if (path === "$") return value;
	const { segments, definite } = parsePath(path);
	if (!definite) throw runtimeError(`Invalid ResultPath '${path}': must be a reference path`);
	const fail = (seg: string, at: unknown) =>
		runtimeError(`Unable to apply ResultPath '${path}': cannot set field '${seg}' on ${JSON.stringify(at)}`);
	const put = (node: unknown, i: number): unknown => {
		const seg = segments[i]!;
		const last = i === segments.length - 1;
		if (Array.isArray(node)) {
			const ix = /^\d+$/.test(seg) ? Number(seg) : -1;
			if (ix < 0 || ix >= node.length) throw fail(seg, node);
			const copy = node.slice();
			copy[ix] = last ? value : put(node[ix], i + 1);
			return copy;
		}
		if (node === null || typeof node !== "object") throw fail(seg, node);
		const obj = node as Record<string, unknown>;
		const child = Object.hasOwn(obj, seg) ? obj[seg] : {};
		return { ...obj, [seg]: last ? value : put(child, i + 1) };
	};
	return put(input, 0);
}
