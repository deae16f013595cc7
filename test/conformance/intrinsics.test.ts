/**
 * Intrinsic functions, pinned to AWS: every row runs a one-state program on the engine (in memory,
 * virtual clock) and compares the outcome with what AWS gives — the "Intrinsic functions for
 * JSONPath states" page for rules and limits, and executions recorded on AWS for the exact output
 * (`States.Format` of objects, `States.StringToJson("")`, MathAdd rounding, Hash digests).
 * Failures are `States.Runtime` and fail the execution.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { virtualClock } from "#local/clock.ts";
import { createEngine, createMemoryStore, type Engine } from "#local/stepfunctions/index.ts";
import { formatArgument, javaNumber } from "#local/stepfunctions/intrinsic-functions.ts";
import { evaluateIntrinsic } from "#local/stepfunctions/intrinsics.ts";
import type { Outcome } from "./programs.ts";

const DOCS = "https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html";

interface Row {
	name: string;
	/** `Parameters` of a Pass state (or a whole definition). */
	parameters?: Record<string, unknown>;
	definition?: Record<string, unknown>;
	input?: unknown;
	/** The outcome AWS gives, or a check of it. */
	expected: Outcome | ((o: Outcome) => void);
}

const ok = (output: unknown): Outcome => ({ status: "SUCCEEDED", output });
const runtime: Outcome = { status: "FAILED", error: "States.Runtime" };
const fn = (x: string) => ({ "r.$": x });
const r = (value: unknown) => ok({ r: value });

const rows: Row[] = [
	// ---- States.Format ---------------------------------------------------------------------------
	{
		name: "Format writes objects and arrays as AWS does ({k=v, …}, [a, b])",
		parameters: fn("States.Format('fst={} and snd={}', $.o, $.a)"),
		input: { o: { Arg1: 1, Arg2: [] }, a: [1, "x", null, { k: true, s: "t" }, [2.5]] },
		expected: r("fst={Arg1=1, Arg2=[]} and snd=[1, x, null, {k=true, s=t}, [2.5]]"),
	},
	{
		name: "Format writes strings as they are and other values as JSON",
		parameters: fn("States.Format('{}|{}|{}|{}|{}|{}', $.s, $.j, $.n, $.f, $.b, $.z)"),
		input: { s: " ", j: '{"Arg1": 1}', n: 1, f: 1.1, b: false, z: null },
		expected: r(' |{"Arg1": 1}|1|1.1|false|null'),
	},
	{
		name: "Format: a context object value is formatted like any other",
		parameters: fn("States.Format('{}', $$.State)"),
		expected: (o) => {
			const text = o.status === "SUCCEEDED" ? (o.output as { r: string }).r : "";
			// a Pass state's $$.State as AWS orders it, without RetryCount (that is in Task/Parallel/Map states)
			expect(text).toMatch(/^\{Name=S, EnteredTime=\d{4}-\d\d-\d\dT[\d:.]+Z\}$/);
		},
	},
	{
		name: "Format: \\{ \\} and \\' stand for the character, and \\{} is no placeholder",
		parameters: fn("States.Format('a \\{ {} \\} it\\'s \\{}', $.b)"),
		input: { b: 1 },
		expected: r("a { 1 } it's {}"),
	},
	{
		name: "Format: the template may come from the input",
		parameters: fn("States.Format($.template, $.name)"),
		input: { template: "Hello, my name is {}.", name: "Arnav" },
		expected: r("Hello, my name is Arnav."),
	},
	{
		name: "Format: fewer arguments than placeholders",
		parameters: fn("States.Format('{} {}', $.a)"),
		input: { a: 1 },
		expected: runtime,
	},
	{
		name: "Format: more arguments than placeholders",
		parameters: fn("States.Format('{}', $.a, $.a)"),
		input: { a: 1 },
		expected: runtime,
	},
	{
		name: "Format: the template must be a string",
		parameters: fn("States.Format($.t, 1)"),
		input: { t: 5 },
		expected: runtime,
	},
	// ---- JSON ------------------------------------------------------------------------------------
	...[
		["", null],
		[" ", null],
		["null", null],
		["-0", 0],
		["1.1", 1.1],
		['"HelloWorld"', "HelloWorld"],
		['[1, 2, "HelloWorld"]', [1, 2, "HelloWorld"]],
		['{"Arg1": 1, "Arg2": []}', { Arg1: 1, Arg2: [] }],
	].map(([text, value]) => ({
		name: `StringToJson(${JSON.stringify(text)})`,
		parameters: fn("States.StringToJson($.s)"),
		input: { s: text },
		expected: r(value),
	})),
	{ name: "StringToJson of text that is not JSON", parameters: fn("States.StringToJson('{x')"), expected: runtime },
	{ name: "StringToJson of a number", parameters: fn("States.StringToJson($.n)"), input: { n: 1 }, expected: runtime },
	...[
		[null, "null"],
		[1.1, "1.1"],
		["HelloWorld", '"HelloWorld"'],
		[[1, 2, "HelloWorld"], '[1,2,"HelloWorld"]'],
		[{ Arg1: 1, Arg2: [] }, '{"Arg1":1,"Arg2":[]}'],
	].map(([value, text]) => ({
		name: `JsonToString(${JSON.stringify(value)})`,
		parameters: fn("States.JsonToString($.v)"),
		input: { v: value },
		expected: r(text),
	})),
	{
		name: "JsonMerge is shallow: the second object's keys win, nested objects are not merged",
		parameters: fn("States.JsonMerge($.a, $.b, false)"),
		input: { a: { a: { a1: 1, a2: 2 }, b: 2, d: 3 }, b: { a: { a3: 1, a4: 2 }, c: 3, d: 4 } },
		expected: r({ a: { a3: 1, a4: 2 }, b: 2, d: 4, c: 3 }),
	},
	{
		name: "JsonMerge: deep merging (true) is refused",
		parameters: fn("States.JsonMerge($, $, true)"),
		expected: runtime,
	},
	{
		name: "JsonMerge: arguments must be objects",
		parameters: fn("States.JsonMerge($.a, $, false)"),
		input: { a: [1] },
		expected: runtime,
	},
	// ---- arrays ----------------------------------------------------------------------------------
	{ name: "Array with no arguments", parameters: fn("States.Array()"), expected: r([]) },
	{
		name: "Array keeps every value as it is",
		parameters: fn("States.Array($.o, '', $.f, null)"),
		input: { o: { Arg1: 1, Arg2: [] }, f: 1.1 },
		expected: r([{ Arg1: 1, Arg2: [] }, "", 1.1, null]),
	},
	...[
		[[], 2, []],
		[[0], 5, [[0]]],
		[[0, 1, 2, 3], 3, [[0, 1, 2], [3]]],
		[[0, 1, 2, 3], 2.6, [[0, 1, 2], [3]]],
	].map(([a, n, out]) => ({
		name: `ArrayPartition(${JSON.stringify(a)}, ${n})`,
		parameters: fn("States.ArrayPartition($.a, $.n)"),
		input: { a, n },
		expected: r(out),
	})),
	{
		name: "ArrayPartition: chunk size 0",
		parameters: fn("States.ArrayPartition($.a, 0)"),
		input: { a: [1] },
		expected: runtime,
	},
	{
		name: "ArrayPartition: the first argument must be an array",
		parameters: fn("States.ArrayPartition($.a, 1)"),
		input: { a: "x" },
		expected: runtime,
	},
	{
		name: "ArrayContains compares arrays and objects by value",
		parameters: {
			"a.$": "States.ArrayContains($.a, $.v)",
			"b.$": "States.ArrayContains($.o, $.w)",
			"c.$": "States.ArrayContains($.e, $.z)",
		},
		input: { a: [[1, 2, 3], 2], v: [1, 2, 3], o: [{ 1: 2, 2: [] }], w: { 2: [], 1: 2 }, e: [], z: null },
		expected: ok({ a: true, b: true, c: false }),
	},
	...[
		[0, 9, 3, [0, 3, 6, 9]],
		[0, 10, 3, [0, 3, 6, 9]],
		[1, 9, 9, [1]],
		[5, 1, -2, [5, 3, 1]],
		[1, 0, 1, []],
		[0.6, 3.4, 1, [1, 2, 3]],
	].map(([a, b, c, out]) => ({
		name: `ArrayRange(${a}, ${b}, ${c})`,
		parameters: fn("States.ArrayRange($.a, $.b, $.c)"),
		input: { a, b, c },
		expected: r(out),
	})),
	{
		name: "ArrayRange: up to 1000 items",
		parameters: fn("States.ArrayLength(States.ArrayRange(1, 1000, 1))"),
		expected: r(1000),
	},
	{ name: "ArrayRange: more than 1000 items", parameters: fn("States.ArrayRange(0, 1000, 1)"), expected: runtime },
	{ name: "ArrayRange: step 0", parameters: fn("States.ArrayRange(0, 10, 0)"), expected: runtime },
	{
		name: "ArrayGetItem",
		parameters: fn("States.ArrayGetItem($.a, 5)"),
		input: { a: [1, 2, 3, 4, 5, 6, 7, 8, 9] },
		expected: r(6),
	},
	{
		name: "ArrayGetItem: index out of bounds",
		parameters: fn("States.ArrayGetItem($.a, 2)"),
		input: { a: [1, 2] },
		expected: runtime,
	},
	{
		name: "ArrayGetItem: negative index",
		parameters: fn("States.ArrayGetItem($.a, -1)"),
		input: { a: [1, 2] },
		expected: runtime,
	},
	{
		name: "ArrayGetItem: fractional index",
		parameters: fn("States.ArrayGetItem($.a, $.i)"),
		input: { a: [1, 2], i: 0.5 },
		expected: runtime,
	},
	{
		name: "ArrayLength of a non-array",
		parameters: fn("States.ArrayLength($.a)"),
		input: { a: { x: 1 } },
		expected: runtime,
	},
	{
		name: "ArrayUnique keeps the first of equal values, objects and arrays by value",
		parameters: fn("States.ArrayUnique($.a)"),
		input: {
			a: [
				null,
				null,
				true,
				true,
				false,
				1,
				1,
				1.1,
				0,
				"Hi",
				"Hi",
				[],
				[],
				[null],
				[null],
				{ a: 1, b: 2 },
				{ b: 2, a: 1 },
				{ a: 1, b: 1 },
			],
		},
		expected: r([null, true, false, 1, 1.1, 0, "Hi", [], [null], { a: 1, b: 2 }, { a: 1, b: 1 }]),
	},
	// ---- encoding and hashing --------------------------------------------------------------------
	{
		name: "Base64Encode / Base64Decode",
		parameters: {
			"e.$": "States.Base64Encode($.s)",
			"d.$": "States.Base64Decode($.b)",
			"z.$": "States.Base64Encode('')",
		},
		input: { s: "Data to encode", b: "RGF0YSB0byBlbmNvZGU=" },
		expected: ok({ e: "RGF0YSB0byBlbmNvZGU=", d: "Data to encode", z: "" }),
	},
	{
		name: "Base64Encode: 10,000 characters at most",
		parameters: {
			"ok.$": "States.ArrayLength(States.Array(States.Base64Encode($.a)))",
			"no.$": "States.Base64Encode($.b)",
		},
		input: { a: "x".repeat(10_000), b: "x".repeat(10_001) },
		expected: runtime,
	},
	{
		name: "Base64Encode: exactly 10,000 characters",
		parameters: fn("States.Base64Encode($.a)"),
		input: { a: "x".repeat(10_000) },
		expected: r(Buffer.from("x".repeat(10_000)).toString("base64")),
	},
	{ name: "Base64Decode of text that is not base64", parameters: fn("States.Base64Decode('a$b')"), expected: runtime },
	...[
		["MD5", "812f45842bc6d66ee14572ce20db8e86"],
		["SHA-1", "aaff4a450a104cd177d28d18d74485e8cae074b7"],
		["SHA-256", "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"],
		["SHA-384", "d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562"],
		[
			"SHA-512",
			"6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4",
		],
	].map(([algorithm, digest]) => ({
		name: `Hash ${algorithm}`,
		parameters: fn("States.Hash($.d, $.a)"),
		input: { d: "input data", a: algorithm },
		expected: r(digest),
	})),
	{ name: "Hash: unknown algorithm", parameters: fn("States.Hash('x', 'SHA-3')"), expected: runtime },
	{
		name: "Hash: more than 10,000 characters",
		parameters: fn("States.Hash($.d, 'MD5')"),
		input: { d: "x".repeat(10_001) },
		expected: runtime,
	},
	// ---- math ------------------------------------------------------------------------------------
	...[
		[-9, 3, -6],
		[1.49, 1.5, 3],
		[1.5, 1.51, 4],
		[-1.49, -1.5, -2],
		[-1.5, -1.51, -3],
		[1.49, -1.49, 0],
		[0.5, 0, 1],
		[2.5, 0, 3],
		[-0.5, 0.5, 1],
		[-2.5, 0, -2],
		[-3.5, 0, -3],
	].map(([a, b, sum]) => ({
		name: `MathAdd(${a}, ${b}) rounds half up`,
		parameters: fn("States.MathAdd($.a, $.b)"),
		input: { a, b },
		expected: r(sum),
	})),
	{ name: "MathAdd: beyond a 32-bit integer", parameters: fn("States.MathAdd(2147483648, 0)"), expected: runtime },
	{ name: "MathAdd of a string", parameters: fn("States.MathAdd($.s, 0)"), input: { s: "1" }, expected: runtime },
	{
		name: "MathRandom rounds non-integer bounds and stays within them",
		parameters: fn("States.MathRandom($.a, $.b)"),
		input: { a: 12.5, b: 44.51 },
		expected: (o) => {
			const v = o.status === "SUCCEEDED" ? (o.output as { r: number }).r : Number.NaN;
			expect(Number.isInteger(v) && v >= 13 && v < 45, `random ${JSON.stringify(o)}`).toBe(true);
		},
	},
	{
		name: "MathRandom with a seed gives the same number for the same seed",
		parameters: { "a.$": "States.MathRandom(0, 999, 3)", "b.$": "States.MathRandom(0, 999, 3)" },
		expected: (o) => {
			const { a, b } = (o.status === "SUCCEEDED" ? o.output : {}) as { a?: number; b?: number };
			expect(a).toBe(b);
			expect(Number.isInteger(a) && a! >= 0 && a! < 999).toBe(true);
		},
	},
	{
		name: "MathRandom: the seed must be an integer",
		parameters: fn("States.MathRandom(0, 9, $.seed)"),
		input: { seed: 1.5 },
		expected: runtime,
	},
	// ---- strings and ids -------------------------------------------------------------------------
	...[
		[" ", ",", [" "]],
		[" , ", ",", [" ", " "]],
		[", , ,", ",", [" ", " "]],
		[",,,,", ",", []],
		["This.is+a,test=string", ".+,=", ["This", "is", "a", "test", "string"]],
		["split on T and \nnew line", "T\n", ["split on ", " and ", "new line"]],
	].map(([s, d, out]) => ({
		name: `StringSplit(${JSON.stringify(s)}, ${JSON.stringify(d)})`,
		parameters: fn("States.StringSplit($.s, $.d)"),
		input: { s, d },
		expected: r(out),
	})),
	{
		name: "UUID: a new v4 UUID on every call",
		parameters: { "a.$": "States.UUID()", "b.$": "States.UUID()" },
		expected: (o) => {
			const { a, b } = (o.status === "SUCCEEDED" ? o.output : {}) as { a?: string; b?: string };
			expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
			expect(a).not.toBe(b);
		},
	},
	// ---- a Fail state's ErrorPath and CausePath ---------------------------------------------------
	{
		name: "Fail: ErrorPath and CausePath may be intrinsic functions",
		definition: {
			StartAt: "F",
			States: {
				F: {
					Type: "Fail",
					ErrorPath: "States.Format('{}.{}', $.kind, $.code)",
					CausePath: "States.JsonToString($.detail)",
				},
			},
		},
		input: { kind: "Case", code: 42, detail: { a: [1, "x"] } },
		expected: { status: "FAILED", error: "Case.42", cause: '{"a":[1,"x"]}' },
	},
	{
		name: "Fail: intrinsic ErrorPath/CausePath inside a Map iteration",
		definition: {
			StartAt: "M",
			States: {
				M: {
					Type: "Map",
					ItemsPath: "$.items",
					ItemProcessor: {
						StartAt: "F",
						States: {
							F: {
								Type: "Fail",
								ErrorPath: "States.ArrayGetItem(States.StringSplit($.e, '/'), 1)",
								CausePath: "States.Base64Decode($.c)",
							},
						},
					},
					End: true,
				},
			},
		},
		input: { items: [{ e: "x/Boom", c: "aGVsbG8=" }] },
		expected: { status: "FAILED", error: "Boom", cause: "hello" },
	},
	{
		name: "Fail: an intrinsic ErrorPath that fails is States.Runtime",
		definition: { StartAt: "F", States: { F: { Type: "Fail", ErrorPath: "States.ArrayGetItem($.a, 3)", Cause: "c" } } },
		input: { a: [] },
		expected: runtime,
	},
	// ---- invocation --------------------------------------------------------------------------------
	{
		name: "10 nested functions are allowed",
		parameters: fn(`${"States.Array(".repeat(10)}1${")".repeat(10)}`),
		expected: r([[[[[[[[[[1]]]]]]]]]]),
	},
	{ name: "a missing path argument", parameters: fn("States.ArrayLength($.missing)"), expected: runtime },
	{
		name: "an intrinsic failure is not caught by States.ALL",
		definition: {
			StartAt: "P",
			States: {
				P: {
					Type: "Parallel",
					Branches: [
						{ StartAt: "S", States: { S: { Type: "Pass", Parameters: fn("States.ArrayGetItem($.a, 9)"), End: true } } },
					],
					Catch: [{ ErrorEquals: ["States.ALL"], Next: "Caught" }],
					End: true,
				},
				Caught: { Type: "Pass", Result: "caught", End: true },
			},
		},
		input: { a: [] },
		expected: runtime,
	},
];

describe(`intrinsic functions as AWS evaluates them (${DOCS})`, () => {
	const clock = virtualClock(Date.parse("2025-06-01T00:00:00Z"));
	let engine: Engine;

	beforeAll(async () => {
		engine = createEngine({ store: createMemoryStore(), clock, settleInvocationsMs: 50 });
		await engine.start();
	});
	afterAll(async () => {
		await engine?.stop();
	});

	async function run(definition: Record<string, unknown>, input: unknown, index: number): Promise<Outcome> {
		const { stateMachineArn } = await engine.createStateMachine({
			name: `intrinsic-${index}`,
			definition: JSON.stringify(definition),
		});
		const { executionArn } = await engine.startExecution({ stateMachineArn, input: JSON.stringify(input) });
		await clock.settle();
		const d = await engine.describeExecution({ executionArn });
		if (d.status === "SUCCEEDED") return { status: "SUCCEEDED", output: JSON.parse(d.output ?? "null") };
		return { status: "FAILED", error: d.error, cause: d.cause };
	}

	rows.forEach((row, index) => {
		it(row.name, async () => {
			const definition = row.definition ?? {
				StartAt: "S",
				States: { S: { Type: "Pass", Parameters: row.parameters, End: true } },
			};
			const outcome = await run(definition, row.input ?? {}, index);
			if (typeof row.expected === "function") row.expected(outcome);
			else if (row.expected.status === "FAILED" && row.expected.cause === undefined) {
				expect(outcome.status).toBe("FAILED");
				expect(outcome.status === "FAILED" && outcome.error).toBe(row.expected.error);
			} else expect(outcome).toEqual(row.expected);
		});
	});

	it("names the function and the rule in a failure's cause", () => {
		const ctx = () => ({});
		expect(() => evaluateIntrinsic("States.ArrayGetItem($.a, 2)", { a: [1] }, ctx)).toThrow(
			"States.Runtime: Invalid arguments in States.ArrayGetItem: the index 2 is out of bounds for an array of 1 items",
		);
		expect(() => evaluateIntrinsic("States.MathAdd(1)", {}, ctx)).toThrow(
			"Invalid arguments in States.MathAdd: expected 2 arguments, got 1",
		);
		expect(() => evaluateIntrinsic("States.Nope(1)", {}, ctx)).toThrow("Invalid arguments in States.Nope: unknown");
		expect(() => evaluateIntrinsic("States.UUID(1)", {}, ctx)).toThrow("expected 0 arguments, got 1");
	});

	it("writes numbers in Format as Java's Double.toString does (AWS evaluates intrinsics in Java)", () => {
		expect([1, -0, 1.1, 0.001, 123456.5, 1e21, 2 ** 53 + 2].map(javaNumber)).toEqual([
			"1",
			"0",
			"1.1",
			"0.001",
			"123456.5",
			"1.0E21",
			"9007199254740994",
		]);
		expect([0.0001, 12345678.9, -2.5e-7, 1.5e300].map(javaNumber)).toEqual([
			"1.0E-4",
			"1.23456789E7",
			"-2.5E-7",
			"1.5E300",
		]);
		expect(formatArgument({ a: { b: [1.5, "x y", null, true] }, "k=v": {} })).toBe(
			"{a={b=[1.5, x y, null, true]}, k=v={}}",
		);
	});

	it("refuses at creation, with AWS's message, an intrinsic with a backslash that escapes nothing or 11 nested calls", async () => {
		// both definitions and the message as AWS answered CreateStateMachine
		const cases: [string, string][] = [
			['States.StringToJson(\'{"text":"An \\"escaped double quote\\" here"}\')', "/States/IntrinsicEscape/Parameters"],
			["States.Format('He said, \\\"Hello, {}!\\\"', 'Test \\\"Name\\\" Here')", "/States/IntrinsicEscape/Parameters"],
		];
		for (const [index, [intrinsic, at]] of cases.entries()) {
			const definition = {
				StartAt: "IntrinsicEscape",
				States: { IntrinsicEscape: { Type: "Pass", Parameters: { "parsed.$": intrinsic }, End: true } },
			};
			await expect(
				engine.createStateMachine({ name: `illegal-escape-${index}`, definition: JSON.stringify(definition) }),
			).rejects.toMatchObject({
				code: "InvalidDefinition",
				message: `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The value for the field 'parsed.$' must be a valid JSONPath or a valid intrinsic function call at ${at}'`,
			});
		}
		const nested = {
			StartAt: "M",
			States: {
				M: {
					Type: "Map",
					ItemProcessor: {
						StartAt: "F",
						States: { F: { Type: "Fail", ErrorPath: "States.Format('\\n{}', $.e)" } },
					},
					End: true,
				},
			},
		};
		const deep = `${"States.Array(".repeat(11)}1${")".repeat(11)}`;
		await expect(
			engine.createStateMachine({
				name: "eleven-nested",
				definition: JSON.stringify({
					StartAt: "S",
					States: { S: { Type: "Pass", Parameters: { "r.$": deep }, End: true } },
				}),
			}),
		).rejects.toMatchObject({ code: "InvalidDefinition" });
		await expect(
			engine.createStateMachine({ name: "illegal-escape-fail", definition: JSON.stringify(nested) }),
		).rejects.toMatchObject({
			code: "InvalidDefinition",
			message: expect.stringContaining(
				"The value for the field 'ErrorPath' must be a valid JSONPath or a valid intrinsic function call at /States/M/ItemProcessor/States/F",
			),
		});
	});

	it("reads \\\\ as a backslash and refuses an open escape backslash", () => {
		const ctx = () => ({});
		expect(evaluateIntrinsic("States.Format('x \\\\ {}', 1)", {}, ctx)).toBe("x \\ 1");
		expect(() => evaluateIntrinsic("States.Format('a\\nb')", {}, ctx)).toThrow("open escape backslash");
	});

	it("creates and runs machines with an escaped backslash and decimal literals, which AWS accepts", async () => {
		const outcome = await run(
			{
				StartAt: "S",
				States: {
					S: {
						Type: "Pass",
						Parameters: {
							"text.$": "States.Format('x \\\\ {}', $.n)",
							"sum.$": "States.MathAdd($.n, 1)",
							"parts.$": "States.ArrayPartition(States.Array(1, 2.5, -3.25e2), 2)",
						},
						End: true,
					},
				},
			},
			{ n: 4 },
			9001,
		);
		expect(outcome).toEqual({
			status: "SUCCEEDED",
			output: { text: "x \\ 4", sum: 5, parts: [[1, 2.5], [-325]] },
		});
	});
});
