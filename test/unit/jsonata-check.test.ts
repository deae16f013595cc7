/**
 * JSONata expressions are checked at creation as AWS checks them: an expression that does not parse,
 * or a path that starts from a bare name (there is no input document: the input is $states.input), is
 * InvalidDefinition; variables, $states, predicates, lambda bodies and later path steps are fine.
 */
import { describe, expect, it } from "vitest";
import { validateDefinition } from "#local/stepfunctions/definition.ts";

const machine = (state: Record<string, unknown>) =>
	JSON.stringify({ QueryLanguage: "JSONata", StartAt: "E", States: { E: { Type: "Pass", End: true, ...state } } });

describe("JSONata expressions at creation", () => {
	it("refuses a bare top-level reference with AWS's code, words and location", () => {
		expect(() => validateDefinition(machine({ Output: { v: "{% phone %}" } }))).toThrow(
			"Invalid State Machine Definition: 'UNSUPPORTED_JSONATA_EXPRESSION: Reference to 'phone' at the top level is not supported. at /States/E/Output/v'",
		);
		for (const expr of ["$uppercase(phone)", "{'a': b}", "[1, a]", "1 + a.b", "x ? 1 : 2", "-a", "($y := a; $y)"])
			expect(() => validateDefinition(machine({ Output: `{% ${expr} %}` })), expr).toThrow(
				"UNSUPPORTED_JSONATA_EXPRESSION",
			);
	});

	it("refuses an expression that does not parse, naming where", () => {
		for (const expr of ["a[1,2)", '"unterminated', "1 +", '{"a":}', "$x :="])
			expect(() => validateDefinition(machine({ Output: `{% ${expr} %}` })), expr).toThrow(
				/INVALID_JSONATA_EXPRESSION: .* at \/States\/E\/Output'$/,
			);
	});

	it("looks into Choice rules, Catch and nested Map and Parallel states, and only where the language is JSONata", () => {
		const choice = JSON.stringify({
			QueryLanguage: "JSONata",
			StartAt: "C",
			States: {
				C: { Type: "Choice", Choices: [{ Condition: "{% ok %}", Next: "D" }], Default: "D" },
				D: { Type: "Succeed" },
			},
		});
		expect(() => validateDefinition(choice)).toThrow(
			"Reference to 'ok' at the top level is not supported. at /States/C/Choices[0]/Condition",
		);
		const nested = JSON.stringify({
			QueryLanguage: "JSONata",
			StartAt: "P",
			States: {
				P: {
					Type: "Parallel",
					End: true,
					Branches: [
						{ StartAt: "X", States: { X: { Type: "Pass", Output: "{% $states.input %}", End: true } } },
						{ StartAt: "Y", States: { Y: { Type: "Pass", Assign: { n: "{% count %}" }, End: true } } },
					],
				},
			},
		});
		expect(() => validateDefinition(nested)).toThrow("at /States/P/Branches[1]/States/Y/Assign/n");
		const jsonPath = JSON.stringify({
			StartAt: "E",
			States: { E: { Type: "Pass", Result: "{% phone %}", End: true } },
		});
		expect(() => validateDefinition(jsonPath)).not.toThrow();
	});

	it("accepts what reads from $states, variables, predicates, lambdas and later steps", () => {
		for (const expr of [
			"$states.input.phone",
			"$x[price > 5].name",
			"$map($states.input.items, function($v){ $v.name })",
			"$states.input{ 'k': v }",
			"$count($states.input.a) > 1 ? 'many' : 'few'",
			"$partition([1,2,3], 2)",
			"'literal' & $string(42)",
		])
			expect(() => validateDefinition(machine({ Output: `{% ${expr} %}` })), expr).not.toThrow();
	});
});
