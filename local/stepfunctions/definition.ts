/**
 * State machine definitions: parsing, validation (asl-validator), `${Name}` substitution and the
 * compiled form the interpreter walks (every nested Parallel branch / Map processor is a "scope").
 */
import { createHash } from "node:crypto";
import aslValidator from "asl-validator";
import { apiErrors } from "./errors.ts";
import { intrinsicProblem } from "./intrinsic-check.ts";
import { jsonataProblem } from "./jsonata-check.ts";
import { isIntrinsic } from "./intrinsics.ts";

export interface StateDef {
	Type: "Pass" | "Task" | "Choice" | "Wait" | "Succeed" | "Fail" | "Parallel" | "Map";
	/** "JSONPath" (default) or "JSONata"; the machine's top-level QueryLanguage when absent. */
	QueryLanguage?: "JSONPath" | "JSONata";
	/** Variables to set when the state ends (`$` / `$states.result` as the state's result). */
	Assign?: Record<string, unknown>;
	/** JSONata: the state's output (default: its result, or its input). */
	Output?: unknown;
	/** JSONata: the input of the task or the branches (default: the state input). */
	Arguments?: unknown;
	/** JSONata Map: the items (an array, or an expression). */
	Items?: unknown;
	Next?: string;
	End?: boolean;
	Comment?: string;
	InputPath?: string | null;
	OutputPath?: string | null;
	ResultPath?: string | null;
	Parameters?: unknown;
	ResultSelector?: unknown;
	Result?: unknown;
	// Task
	Resource?: string;
	TimeoutSeconds?: number | string;
	TimeoutSecondsPath?: string;
	HeartbeatSeconds?: number | string;
	HeartbeatSecondsPath?: string;
	Retry?: Retrier[];
	Catch?: Catcher[];
	// Choice
	Choices?: Record<string, unknown>[];
	Default?: string;
	// Wait
	Seconds?: number | string;
	Timestamp?: string;
	SecondsPath?: string;
	TimestampPath?: string;
	// Fail
	Error?: string;
	Cause?: string;
	ErrorPath?: string;
	CausePath?: string;
	// Parallel
	Branches?: Machine[];
	// Map
	ItemsPath?: string;
	ItemSelector?: unknown;
	ItemProcessor?: Machine;
	Iterator?: Machine;
	MaxConcurrency?: number | string;
	MaxConcurrencyPath?: string;
}

export interface Retrier {
	ErrorEquals: string[];
	IntervalSeconds?: number;
	MaxAttempts?: number;
	BackoffRate?: number;
	MaxDelaySeconds?: number;
	JitterStrategy?: "FULL" | "NONE";
}

export interface Catcher {
	ErrorEquals: string[];
	Next: string;
	ResultPath?: string | null;
	Assign?: Record<string, unknown>;
	/** JSONata: the output when caught (default: the error output). */
	Output?: unknown;
}

export interface Machine {
	StartAt: string;
	States: Record<string, StateDef>;
	TimeoutSeconds?: number;
	Comment?: string;
	QueryLanguage?: string;
}

export interface Compiled {
	readonly id: string;
	readonly text: string;
	readonly root: Machine;
	/** Scope key → machine (top level is ""). */
	readonly scopes: ReadonlyMap<string, Machine>;
	/** Some state uses the JSONata query language. */
	readonly jsonata: boolean;
}

/** Scope key of a Parallel branch or a Map processor nested in `parent`. */
export function childScope(parent: string, stateName: string, branch: number | "map"): string {
	return `${parent}\u001f${stateName}\u001f${branch}`;
}

/** Replaces `${Name}` placeholders with values from `map` (like CDK's definitionSubstitutions). Unknown names stay. */
export function substitute(definitionText: string, map: Readonly<Record<string, string>>): string {
	return definitionText.replace(/\$\{([A-Za-z0-9_.:-]+)\}/g, (whole, name: string) =>
		Object.hasOwn(map, name) ? map[name]! : whole,
	);
}

export function definitionId(text: string): string {
	return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

/** The value a JSON Pointer (`/States/A/Parameters/x.$`) names in `doc`, or undefined. */
function valueAt(doc: unknown, pointer: string | undefined): unknown {
	if (pointer === undefined) return undefined;
	let at: unknown = doc;
	for (const raw of pointer.split("/").slice(1)) {
		const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
		if (at === null || typeof at !== "object" || !Object.hasOwn(at, key)) return undefined;
		at = (at as Record<string, unknown>)[key];
	}
	return at;
}

/** Parses and validates a definition; throws InvalidDefinition with the validator's messages. */
export function validateDefinition(text: string): Machine {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (err) {
		throw apiErrors.invalidDefinition(
			`Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: ${(err as Error).message}'`,
		);
	}
	// JSONata first: the schema check refuses an expression that does not parse without AWS's code
	const expression = jsonataProblem(parsed as Machine);
	if (expression) throw apiErrors.invalidDefinition(`Invalid State Machine Definition: '${expression}'`);
	const { errors } = aslValidator(parsed as Record<string, unknown>, { checkArn: true, checkPaths: true });
	// Intrinsic calls are checked by intrinsicProblem below, as AWS checks them; the validator's own grammar
	// refuses some that AWS accepts (decimal literals such as 1.5, an escaped backslash).
	const refused = errors.filter((e) => {
		const value = valueAt(parsed, e.schemaError?.instancePath);
		return !(typeof value === "string" && isIntrinsic(value));
	});
	if (refused.length > 0)
		throw apiErrors.invalidDefinition(
			`Invalid State Machine Definition: '${refused.map((e) => `${e["Error code"]}: ${e.Message}`).join("; ")}'`,
		);
	const m = parsed as Machine;
	const problem = queryLanguageProblem(m, m.QueryLanguage ?? "JSONPath", "") ?? intrinsicProblem(m);
	if (problem)
		throw apiErrors.invalidDefinition(`Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: ${problem}'`);
	return m;
}

/** Fields of the JSONPath query language that a JSONata state may not have. */
const JSONPATH_ONLY = [
	"InputPath",
	"Parameters",
	"ResultSelector",
	"ResultPath",
	"OutputPath",
	"ItemsPath",
	"SecondsPath",
	"TimestampPath",
	"ErrorPath",
	"CausePath",
	"TimeoutSecondsPath",
	"HeartbeatSecondsPath",
	"MaxConcurrencyPath",
];

/** A JSONata state with a JSONPath field, or a JSONPath state in a JSONata machine (which cannot go back). */
function queryLanguageProblem(m: Machine, top: string, at: string): string | undefined {
	for (const [name, st] of Object.entries(m.States ?? {})) {
		const where = `${at}/States/${name}`;
		const ql = st.QueryLanguage ?? top;
		if (top === "JSONata" && ql === "JSONPath")
			return `The QueryLanguage of a state cannot be JSONPath when the state machine's is JSONata at ${where}/QueryLanguage`;
		if (ql === "JSONata") {
			for (const field of JSONPATH_ONLY)
				if (field in st)
					return `The field '${field}' is not supported when the QueryLanguage is JSONata at ${where}/${field}`;
			for (const [i, rule] of (st.Choices ?? []).entries())
				if ("Variable" in rule)
					return `The field 'Variable' is not supported when the QueryLanguage is JSONata at ${where}/Choices/${i}/Variable`;
		}
		for (const [i, b] of (st.Branches ?? []).entries()) {
			const p = queryLanguageProblem(b, top, `${where}/Branches/${i}`);
			if (p) return p;
		}
		const proc = st.ItemProcessor ?? st.Iterator;
		if (proc) {
			const p = queryLanguageProblem(proc, top, `${where}/ItemProcessor`);
			if (p) return p;
		}
	}
	return undefined;
}

export function compile(text: string, machine: Machine = JSON.parse(text) as Machine): Compiled {
	const scopes = new Map<string, Machine>();
	let jsonata = machine.QueryLanguage === "JSONata";
	const visit = (key: string, m: Machine) => {
		scopes.set(key, m);
		for (const [name, st] of Object.entries(m.States)) {
			if (st.QueryLanguage === "JSONata") jsonata = true;
			if (st.Type === "Parallel")
				for (const [i, b] of (st.Branches ?? []).entries()) visit(childScope(key, name, i), b);
			if (st.Type === "Map") {
				const proc = st.ItemProcessor ?? st.Iterator;
				if (proc) visit(childScope(key, name, "map"), proc);
			}
		}
	};
	visit("", machine);
	return { id: definitionId(text), text, root: machine, scopes, jsonata };
}
