/**
 * State machine definitions: parsing, validation (asl-validator), `${Name}` substitution and the
 * compiled form the interpreter walks (every nested Parallel branch / Map processor is a "scope").
 */
import { createHash } from "node:crypto";
import aslValidator from "asl-validator";
import { apiErrors } from "./errors.ts";

export interface StateDef {
	Type: "Pass" | "Task" | "Choice" | "Wait" | "Succeed" | "Fail" | "Parallel" | "Map";
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
	TimeoutSeconds?: number;
	TimeoutSecondsPath?: string;
	HeartbeatSeconds?: number;
	HeartbeatSecondsPath?: string;
	Retry?: Retrier[];
	Catch?: Catcher[];
	// Choice
	Choices?: Record<string, unknown>[];
	Default?: string;
	// Wait
	Seconds?: number;
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
	MaxConcurrency?: number;
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
	const { isValid, errorsText } = aslValidator(parsed as Record<string, unknown>, { checkArn: true, checkPaths: true });
	if (!isValid) throw apiErrors.invalidDefinition(`Invalid State Machine Definition: '${errorsText("; ")}'`);
	const m = parsed as Machine;
	if (m.QueryLanguage && m.QueryLanguage !== "JSONPath")
		throw apiErrors.invalidDefinition(
			`Invalid State Machine Definition: 'UNSUPPORTED_FEATURE: QueryLanguage ${m.QueryLanguage} is not supported by the local engine'`,
		);
	return m;
}

export function compile(text: string, machine: Machine = JSON.parse(text) as Machine): Compiled {
	const scopes = new Map<string, Machine>();
	const visit = (key: string, m: Machine) => {
		scopes.set(key, m);
		for (const [name, st] of Object.entries(m.States)) {
			if (st.Type === "Parallel")
				for (const [i, b] of (st.Branches ?? []).entries()) visit(childScope(key, name, i), b);
			if (st.Type === "Map") {
				const proc = st.ItemProcessor ?? st.Iterator;
				if (proc) visit(childScope(key, name, "map"), proc);
			}
		}
	};
	visit("", machine);
	return { id: definitionId(text), text, root: machine, scopes };
}
