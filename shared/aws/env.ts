/**
 * Configuration from the environment, read strictly: a missing table, state machine or topic variable
 * is a deployment mistake, and it must stop the function at init with the variable's name rather than
 * let it run against a wrong default. The local home sets the same variables (local/env.ts).
 */
import { type FunctionName, functions } from "#shared/specs/functions.ts";
import { caseLifecycle } from "#shared/specs/workflows.ts";

export class MissingEnvironmentError extends Error {
	constructor(
		readonly variable: string,
		purpose: string,
	) {
		super(`${variable} is not set (${purpose})`);
		this.name = "MissingEnvironmentError";
	}
}

/** The variable's value; throws naming the variable when it is unset or empty. */
export function requireEnv(variable: string, purpose: string): string {
	const value = process.env[variable];
	if (!value) throw new MissingEnvironmentError(variable, purpose);
	return value;
}

/** Every variable a registry function reads: its tables' names and, if it calls one, the workflow ARN. */
export function environmentOf(name: FunctionName): { variable: string; purpose: string }[] {
	const spec = functions[name];
	const vars: { variable: string; purpose: string }[] = spec.tables.map(({ table }) => ({
		variable: table.envVar,
		purpose: `the ${table.id} table`,
	}));
	if ("stepFunctions" in spec && spec.stepFunctions)
		vars.push({ variable: caseLifecycle.envVar, purpose: "the case workflow" });
	return vars;
}

/** Called at the top of a handler module: the function fails its init if any of its variables is missing. */
export function requireEnvironment(name: FunctionName): void {
	for (const { variable, purpose } of environmentOf(name)) requireEnv(variable, `${name} needs ${purpose}`);
}
