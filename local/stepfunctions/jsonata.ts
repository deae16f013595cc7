/**
 * The JSONata query language (`QueryLanguage: "JSONata"`): `{% … %}` strings in Arguments, Output,
 * Assign, Items, ItemSelector, Condition, Seconds, Timestamp, Error, Cause, evaluated with the npm
 * `jsonata` package (1.8: its evaluation is synchronous, as the interpreter's state processing is).
 * `$states` holds `input`, `context`, `result` and `errorOutput`; workflow variables are `$name`;
 * AWS's own functions `$partition`, `$range`, `$hash`, `$random`, `$uuid` and `$parse` are added and
 * `$eval` removed. (AWS runs JSONata 2.0.6, whose changes over 1.8 are chiefly asynchronous evaluation.)
 * Failures are `States.QueryEvaluationError` with AWS's wording.
 */
import { createHash, randomUUID } from "node:crypto";
import jsonata from "jsonata";
import { queryError } from "./errors.ts";

export interface StatesBinding {
	input: unknown;
	context: unknown;
	result?: unknown;
	errorOutput?: unknown;
}

const cache = new Map<string, jsonata.Expression>();

/** A `{% … %}` string: the expression inside, or undefined for a plain string. */
export function expressionOf(value: unknown): string | undefined {
	if (typeof value !== "string" || !value.startsWith("{%") || !value.endsWith("%}") || value.length < 4)
		return undefined;
	return value.slice(2, -2).trim();
}

function compiled(expr: string, field: string): jsonata.Expression {
	let e = cache.get(expr);
	if (!e) {
		try {
			e = jsonata(expr);
		} catch (err) {
			throw queryError(
				`The JSONata expression '${expr}' specified for the field '${field}' threw an error during evaluation. ${describe(err)}`,
			);
		}
		if (cache.size > 5000) cache.clear();
		cache.set(expr, e);
	}
	return e;
}

function describe(err: unknown): string {
	const e = err as { code?: string; message?: string };
	return e.code ? `${e.code}: ${e.message}` : String(e.message ?? err);
}

const typeName = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/** Evaluates one expression; `undefined` results and functions are errors, as on AWS. */
export function evaluateExpression(expr: string, bindings: Record<string, unknown>, field: string): unknown {
	let value: unknown;
	try {
		// no input document: the state's input is `$states.input` (a bare path like `a.b` gives nothing)
		value = compiled(expr, field).evaluate(undefined, bindings);
	} catch (err) {
		if ((err as { error?: string }).error === "States.QueryEvaluationError") throw err;
		throw queryError(
			`The JSONata expression '${expr}' specified for the field '${field}' threw an error during evaluation. ${describe(err)}`,
		);
	}
	if (value === undefined)
		throw queryError(
			`The JSONata expression '${expr}' specified for the field '${field}' returned nothing (undefined).`,
		);
	if (typeof value === "function")
		throw queryError(
			`The JSONata expression '${expr}' specified for the field '${field}' returned an unsupported result type.`,
		);
	return JSON.parse(JSON.stringify(value)) as unknown;
}

/** Evaluates a template (any JSON value; `{% %}` strings anywhere in it) for the field `field`. */
export function evaluateJsonata(template: unknown, bindings: Record<string, unknown>, field: string): unknown {
	const expr = expressionOf(template);
	if (expr !== undefined) return evaluateExpression(expr, bindings, field);
	if (Array.isArray(template)) return template.map((v, i) => evaluateJsonata(v, bindings, `${field}[${i}]`));
	if (template === null || typeof template !== "object") return template;
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(template)) out[key] = evaluateJsonata(value, bindings, `${field}/${key}`);
	return out;
}

/** Checks the type of an evaluated field (e.g. `Items` must be an array). */
export function expectType(value: unknown, expected: string, template: unknown, field: string): void {
	if (typeName(value) === expected) return;
	const expr = expressionOf(template) ?? JSON.stringify(template);
	throw queryError(
		`The JSONata expression '${expr}' specified for the field '${field}' returned an unexpected result type. Expected '${expected}', but was '${typeName(value)}' for value: ${JSON.stringify(value)}`,
	);
}

/** AWS's additions to JSONata's function library. */
const awsFunctions = {
	partition(array: unknown[], size: number): unknown[][] {
		const out: unknown[][] = [];
		for (let i = 0; i < (array?.length ?? 0); i += size) out.push(array.slice(i, i + size));
		return out;
	},
	range(start: number, end: number, step: number): number[] {
		const out: number[] = [];
		if (!step) return out;
		for (let v = start; step > 0 ? v <= end : v >= end; v += step) out.push(v);
		return out;
	},
	hash(data: string, algorithm: string): string {
		const algo = { MD5: "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" }[
			algorithm
		];
		if (!algo) throw Object.assign(new Error(`Unsupported hash algorithm '${algorithm}'`), { code: "States.Runtime" });
		return createHash(algo).update(String(data)).digest("hex");
	},
	random(seed?: number): number {
		if (seed === undefined) return Math.random();
		// mulberry32: the same seed gives the same number
		let x = (Math.trunc(seed) + 0x6d2b79f5) | 0;
		x = Math.imul(x ^ (x >>> 15), x | 1);
		x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
		return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
	},
	uuid: () => randomUUID(),
	parse(text: string): unknown {
		return JSON.parse(text);
	},
};

/** The bindings of one state's evaluation: variables, `$states`, AWS's functions. */
export function jsonataBindings(variables: Record<string, unknown>, states: StatesBinding): Record<string, unknown> {
	// $eval is not available on AWS ($parse is)
	return { ...variables, ...awsFunctions, eval: null, states };
}
