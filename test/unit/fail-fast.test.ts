/**
 * Fail fast: a function whose table or workflow variable is missing must stop at init, naming the
 * variable, instead of running against a default name.
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tableName } from "#shared/aws/clients.ts";
import { environmentOf, requireEnvironment } from "#shared/aws/env.ts";
import { projectRoot } from "#local/functions.ts";
import { functions, type FunctionName } from "#shared/specs/functions.ts";
import { casesTable } from "#shared/specs/tables.ts";

function setEnv(values: Record<string, string | undefined>): void {
	for (const [k, v] of Object.entries(values)) {
		if (v === undefined) delete process.env[k];
		else process.env[k] = v;
	}
}

function withEnv<T>(changes: Record<string, string | undefined>, fn: () => T): T {
	const before = Object.fromEntries(Object.keys(changes).map((k) => [k, process.env[k]]));
	setEnv(changes);
	try {
		return fn();
	} finally {
		setEnv(before);
	}
}

describe("fail fast on missing configuration", () => {
	it("tableName throws naming the variable instead of falling back to a local name", () => {
		// Act / Assess
		expect(() => withEnv({ [casesTable.envVar]: undefined }, () => tableName(casesTable))).toThrow(
			/^CASES_TABLE is not set/,
		);
		expect(withEnv({ [casesTable.envVar]: "prod-cases" }, () => tableName(casesTable))).toBe("prod-cases");
	});

	it("lists, for every registry function, exactly its tables' variables and the workflow ARN if it calls Step Functions", () => {
		for (const [name, spec] of Object.entries(functions) as [FunctionName, (typeof functions)[FunctionName]][]) {
			// Act
			const vars = environmentOf(name).map((v) => v.variable);

			// Assess
			const expected = [
				...spec.tables.map((t) => t.table.envVar),
				...("stepFunctions" in spec && spec.stepFunctions ? ["CASE_WORKFLOW_ARN"] : []),
			];
			expect(vars.sort(), name).toEqual(expected.sort());
		}
	});

	it("requireEnvironment names the first missing variable and the function that needs it", () => {
		// Act / Assess
		expect(() => withEnv({ CASE_WORKFLOW_ARN: undefined }, () => requireEnvironment("submitPetition"))).toThrow(
			"CASE_WORKFLOW_ARN is not set (submitPetition needs the case workflow)",
		);
	});

	it("a handler module whose table variable is missing fails at import, naming the variable", () => {
		// Prepare: a fresh process without CASES_TABLE loads the list-cases handler module.
		const env = { ...process.env };
		delete env.CASES_TABLE;
		const script = `import(${JSON.stringify(join(projectRoot, functions.listCases.module))}).then(() => console.log("loaded"), (e) => console.log(String(e.message)))`;

		// Act
		const out = execFileSync(process.execPath, ["--import", "tsx", "-e", script], {
			cwd: projectRoot,
			env,
			encoding: "utf8",
		});

		// Assess
		expect(out.trim()).toBe("CASES_TABLE is not set (listCases needs the Cases table)");
	});
});
