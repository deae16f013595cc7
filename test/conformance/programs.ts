/**
 * Small ASL programs for the differential suite. Each runs on the embedded engine and on
 * aws-local-stepfunctions; outcomes must agree unless `peer` says the peer is wrong, in which case
 * `expected` pins AWS's documented behaviour and `peer.docs` names the AWS page that decides.
 */

export type Outcome =
	| { status: "SUCCEEDED"; output: unknown }
	| { status: "FAILED"; error: string | undefined; cause?: string | undefined };

export type Fn = (payload: any) => unknown;

export interface ConformanceCase {
	name: string;
	definition: Record<string, unknown>;
	/** One run per input (default: one run with `{}`). */
	inputs?: unknown[];
	/** Lambda functions by name; a fresh set per run. */
	functions?: () => Record<string, Fn>;
	/** AWS behaviour, one per input (required when the peer differs). A function checks the output itself. */
	expected?: (Outcome | ((o: Outcome) => void))[];
	/** Compare `cause` too (deterministic causes only). */
	compareCause?: boolean;
	/** The peer disagrees with AWS here; `docs` is the AWS page pinning `expected`. */
	peer?: { differs: string; docs: string };
	/** The peer cannot run this program at all (feature it lacks). */
	peerSkip?: string;
}

const lambda = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const ok = (output: unknown): Outcome => ({ status: "SUCCEEDED", output });
const failed = (error: string | undefined, cause?: string): Outcome => ({
	status: "FAILED",
	error,
	...(cause !== undefined ? { cause } : {}),
});
const one = (state: Record<string, unknown>) => ({ StartAt: "S", States: { S: { End: true, ...state } } });
const terminal = (state: Record<string, unknown>) => ({ StartAt: "S", States: { S: state } });
const pass = (extra: Record<string, unknown>) => one({ Type: "Pass", ...extra });
const params = (parameters: Record<string, unknown>) => pass({ Parameters: parameters });
const choice = (rule: Record<string, unknown>) => ({
	StartAt: "C",
	States: {
		C: { Type: "Choice", Choices: [{ ...rule, Next: "Yes" }], Default: "No" },
		Yes: { Type: "Pass", Result: "yes", End: true },
		No: { Type: "Pass", Result: "no", End: true },
	},
});
const customError = (name: string, message: string) => {
	const e = new Error(message);
	e.name = name;
	return e;
};

const DOCS = {
	paths: "https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html",
	intrinsics: "https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html",
	choice: "https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html",
	fail: "https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html",
	context: "https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html",
};

export const programs: ConformanceCase[] = [
	// ---- Pass and input/output processing ------------------------------------------------------
	{
		name: "pass: input passes through",
		definition: pass({}),
		inputs: [{ a: 1 }, [1, 2], "text", 42, null],
		expected: [ok({ a: 1 }), ok([1, 2]), ok("text"), ok(42), ok(null)],
	},
	{
		name: "pass: Result replaces input",
		definition: pass({ Result: { x: [1, { y: true }] } }),
		inputs: [{ a: 1 }],
		expected: [ok({ x: [1, { y: true }] })],
	},
	{
		name: "pass: ResultPath adds the result to the input",
		definition: pass({ Result: "r", ResultPath: "$.res" }),
		inputs: [{ a: 1 }],
		expected: [ok({ a: 1, res: "r" })],
	},
	{
		name: "pass: ResultPath creates nested objects",
		definition: pass({ Result: 7, ResultPath: "$.a.b.c" }),
		inputs: [{ a: { z: 1 } }],
		expected: [ok({ a: { z: 1, b: { c: 7 } } })],
	},
	{
		name: "pass: ResultPath null keeps the input",
		definition: pass({ Result: 7, ResultPath: null }),
		inputs: [{ a: 1 }],
		expected: [ok({ a: 1 })],
	},
	{
		name: "pass: InputPath selects part of the input",
		definition: pass({ InputPath: "$.a.b" }),
		inputs: [{ a: { b: [1, 2] } }],
		expected: [ok([1, 2])],
	},
	{
		name: "pass: OutputPath selects part of the output",
		definition: pass({ Result: { keep: 1, drop: 2 }, ResultPath: "$.r", OutputPath: "$.r.keep" }),
		inputs: [{}],
		expected: [ok(1)],
	},
	{
		name: "pass: InputPath null gives {}",
		definition: pass({ InputPath: null }),
		inputs: [{ a: 1 }],
		expected: [ok({})],
	},
	{
		name: "pass: OutputPath null gives {}",
		definition: pass({ OutputPath: null }),
		inputs: [{ a: 1 }],
		expected: [ok({})],
	},
	{
		name: "pass: Parameters with paths, literals and nesting",
		definition: params({
			lit: "$.not-a-path",
			"v.$": "$.a",
			nested: { "w.$": "$.b[1]", arr: [1, "x"] },
			"whole.$": "$",
		}),
		inputs: [{ a: "A", b: [10, 20] }],
		expected: [ok({ lit: "$.not-a-path", v: "A", nested: { w: 20, arr: [1, "x"] }, whole: { a: "A", b: [10, 20] } })],
	},
	{
		name: "pass: Parameters then ResultPath on the raw input",
		definition: pass({ Parameters: { "x.$": "$.a" }, ResultPath: "$.p" }),
		inputs: [{ a: 5 }],
		expected: [ok({ a: 5, p: { x: 5 } })],
	},
	{
		name: "path: bracket notation and array index",
		definition: params({ "v.$": "$['odd key'][0].k" }),
		inputs: [{ "odd key": [{ k: "v" }] }],
		expected: [ok({ v: "v" })],
	},
	{
		name: "path: wildcard selects a list",
		definition: params({ "ids.$": "$.items[*].id" }),
		inputs: [{ items: [{ id: 1 }, { id: 2 }] }],
		expected: [ok({ ids: [1, 2] })],
	},
	{
		name: "path: slice",
		definition: params({ "s.$": "$.a[1:3]" }),
		inputs: [{ a: [0, 1, 2, 3] }],
		expected: [ok({ s: [1, 2] })],
	},
	{
		name: "path: filter expression",
		definition: params({ "big.$": "$.a[?(@.n > 1)].n" }),
		inputs: [{ a: [{ n: 1 }, { n: 2 }, { n: 3 }] }],
		expected: [ok({ big: [2, 3] })],
	},
	{
		name: "path: recursive descent",
		definition: params({ "all.$": "$..id" }),
		inputs: [{ id: 1, c: { id: 2, d: [{ id: 3 }] } }],
		expected: [ok({ all: [1, 2, 3] })],
	},
	{
		name: "path: wildcard matching nothing is an empty list",
		definition: params({ "ids.$": "$.items[*].id" }),
		inputs: [{ items: [] }],
		expected: [ok({ ids: [] })],
		peer: { differs: "errors on an indefinite path that matches nothing", docs: DOCS.paths },
	},
	{
		name: "path: slice matching nothing is an empty list",
		definition: params({ "s.$": "$.a[5:9]" }),
		inputs: [{ a: [1] }],
		expected: [ok({ s: [] })],
		peer: { differs: "errors on an indefinite path that matches nothing", docs: DOCS.paths },
	},
	{
		name: "path: missing field in Parameters is States.Runtime",
		definition: params({ "v.$": "$.missing" }),
		inputs: [{}],
		expected: [failed("States.Runtime")],
	},
	{
		name: "path: missing InputPath is States.Runtime",
		definition: pass({ InputPath: "$.missing" }),
		inputs: [{}],
		expected: [failed("States.Runtime")],
	},
	{
		name: "path: missing OutputPath is States.Runtime",
		definition: pass({ OutputPath: "$.missing" }),
		inputs: [{}],
		expected: [failed("States.Runtime")],
	},
	{
		name: "context: $$.Execution.Input",
		definition: params({ "orig.$": "$$.Execution.Input.a" }),
		inputs: [{ a: "first" }],
		expected: [ok({ orig: "first" })],
	},
	{
		name: "context: $$.State.Name and $$.State.EnteredTime",
		definition: {
			StartAt: "First",
			States: {
				First: { Type: "Pass", Parameters: { "name.$": "$$.State.Name", "at.$": "$$.State.EnteredTime" }, End: true },
			},
		},
		expected: [
			(o) => {
				if (o.status !== "SUCCEEDED") throw new Error(`expected success, got ${JSON.stringify(o)}`);
				const out = o.output as { name: string; at: string };
				if (out.name !== "First" || Number.isNaN(Date.parse(out.at)))
					throw new Error(`bad context ${JSON.stringify(out)}`);
			},
		],
		peer: { differs: "has no $$.State in the context object", docs: DOCS.context },
	},
	{
		name: "context: execution and state machine ids",
		definition: params({
			"id.$": "$$.Execution.Id",
			"name.$": "$$.Execution.Name",
			"sm.$": "$$.StateMachine.Id",
			"start.$": "$$.Execution.StartTime",
		}),
		expected: [
			(o) => {
				if (o.status !== "SUCCEEDED") throw new Error(`expected success, got ${JSON.stringify(o)}`);
				const out = o.output as Record<string, string>;
				if (!out.id?.startsWith("arn:aws:states:local:000000000000:execution:") || !out.id.endsWith(`:${out.name}`))
					throw new Error(`bad id ${out.id}`);
				if (!out.sm?.startsWith("arn:aws:states:local:000000000000:stateMachine:")) throw new Error(`bad sm ${out.sm}`);
				if (Number.isNaN(Date.parse(out.start ?? ""))) throw new Error(`bad start ${out.start}`);
			},
		],
		peerSkip: "its context object holds only Execution.Input and Execution.StartTime unless mocked",
	},

	// ---- intrinsic functions -------------------------------------------------------------------
	{
		name: "intrinsic: States.Format",
		definition: params({ "s.$": "States.Format('Hello {}, you are {} ({})', $.name, $.age, $.ok)" }),
		inputs: [{ name: "Li", age: 30, ok: true }],
		expected: [ok({ s: "Hello Li, you are 30 (true)" })],
	},
	{
		name: "intrinsic: States.StringToJson / JsonToString",
		definition: params({ "o.$": "States.StringToJson($.s)", "t.$": "States.JsonToString($.o)" }),
		inputs: [{ s: '{"a":[1,2]}', o: { b: "c" } }],
		expected: [ok({ o: { a: [1, 2] }, t: '{"b":"c"}' })],
	},
	{
		name: "intrinsic: States.Array",
		definition: params({ "a.$": "States.Array('a', 1, true, null, $.x)" }),
		inputs: [{ x: { y: 1 } }],
		expected: [ok({ a: ["a", 1, true, null, { y: 1 }] })],
	},
	{
		name: "intrinsic: States.ArrayPartition",
		definition: params({ "p.$": "States.ArrayPartition($.a, 2)" }),
		inputs: [{ a: [1, 2, 3, 4, 5] }],
		expected: [ok({ p: [[1, 2], [3, 4], [5]] })],
	},
	{
		name: "intrinsic: States.ArrayContains",
		definition: params({ "yes.$": "States.ArrayContains($.a, $.v)", "no.$": "States.ArrayContains($.a, 9)" }),
		inputs: [{ a: [1, { k: 2 }], v: { k: 2 } }],
		expected: [ok({ yes: true, no: false })],
	},
	{
		name: "intrinsic: States.ArrayRange",
		definition: params({ "up.$": "States.ArrayRange(1, 9, 2)", "down.$": "States.ArrayRange(5, 1, -2)" }),
		expected: [ok({ up: [1, 3, 5, 7, 9], down: [5, 3, 1] })],
	},
	{
		name: "intrinsic: States.ArrayGetItem",
		definition: params({ "v.$": "States.ArrayGetItem($.a, 1)" }),
		inputs: [{ a: ["x", "y"] }],
		expected: [ok({ v: "y" })],
	},
	{
		name: "intrinsic: a missing path argument is States.Runtime",
		definition: params({ "v.$": "States.Format('{}', $.missing)" }),
		inputs: [{}],
		expected: [failed("States.Runtime")],
	},
	{
		name: "intrinsic: States.ArrayLength",
		definition: params({ "n.$": "States.ArrayLength($.a)" }),
		inputs: [{ a: [1, 2, 3] }, { a: [] }],
		expected: [ok({ n: 3 }), ok({ n: 0 })],
	},
	{
		name: "intrinsic: States.ArrayUnique",
		definition: params({ "u.$": "States.ArrayUnique($.a)" }),
		inputs: [{ a: [1, 2, 1, "1", 2] }],
		expected: [ok({ u: [1, 2, "1"] })],
	},
	{
		name: "intrinsic: States.Base64Encode / Base64Decode",
		definition: params({ "e.$": "States.Base64Encode($.s)", "d.$": "States.Base64Decode($.b)" }),
		inputs: [{ s: "case 42?", b: "aGVsbG8=" }],
		expected: [ok({ e: "Y2FzZSA0Mj8=", d: "hello" })],
	},
	{
		name: "intrinsic: States.Hash",
		definition: params({ "sha.$": "States.Hash($.s, 'SHA-256')", "md5.$": "States.Hash($.s, 'MD5')" }),
		inputs: [{ s: "abc" }],
		expected: [
			ok({
				sha: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
				md5: "900150983cd24fb0d6963f7d28e17f72",
			}),
		],
	},
	{
		name: "intrinsic: States.JsonMerge (shallow)",
		definition: params({ "m.$": "States.JsonMerge($.a, $.b, false)" }),
		inputs: [{ a: { x: 1, n: { p: 1 } }, b: { y: 2, n: { q: 2 } } }],
		expected: [ok({ m: { x: 1, y: 2, n: { q: 2 } } })],
	},
	{
		name: "intrinsic: States.MathRandom within [start, end)",
		definition: params({ "r.$": "States.MathRandom(1, 10)" }),
		expected: [
			(o) => {
				const r = o.status === "SUCCEEDED" ? (o.output as { r: number }).r : Number.NaN;
				if (!Number.isInteger(r) || r < 1 || r >= 10) throw new Error(`bad random ${JSON.stringify(o)}`);
			},
		],
		peerSkip: "random values cannot be compared",
	},
	{
		name: "intrinsic: States.MathAdd on integers",
		definition: params({ "s.$": "States.MathAdd($.a, -1)", "t.$": "States.MathAdd($.a, $.b)" }),
		inputs: [{ a: 111, b: 9 }],
		expected: [ok({ s: 110, t: 120 })],
	},
	{
		name: "intrinsic: States.MathAdd rounds non-integer arguments",
		definition: params({ "s.$": "States.MathAdd($.a, $.b)" }),
		inputs: [{ a: 1.5, b: 2.4 }],
		expected: [ok({ s: 4 })],
		peer: { differs: "adds the raw values (3.9)", docs: `${DOCS.intrinsics}#asl-intrsc-func-math-add` },
	},
	{
		name: "intrinsic: States.StringSplit on one character",
		definition: params({ "p.$": "States.StringSplit($.s, ',')" }),
		inputs: [{ s: "1,2,3,4,5" }],
		expected: [ok({ p: ["1", "2", "3", "4", "5"] })],
	},
	{
		name: "intrinsic: States.StringSplit splits on every delimiter character",
		definition: params({ "p.$": "States.StringSplit($.s, $.d)" }),
		inputs: [{ s: "This.is+a,test=string", d: ".+,=" }],
		expected: [ok({ p: ["This", "is", "a", "test", "string"] })],
		peer: { differs: "splits on the whole delimiter string", docs: `${DOCS.intrinsics}#asl-intrsc-func-string-split` },
	},
	{
		name: "intrinsic: States.UUID is a v4 UUID",
		definition: params({ "u.$": "States.UUID()" }),
		expected: [
			(o) => {
				const u = o.status === "SUCCEEDED" ? (o.output as { u: string }).u : "";
				if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(u))
					throw new Error(`bad uuid ${u}`);
			},
		],
		peerSkip: "random values cannot be compared",
	},
	{
		name: "intrinsic: nested calls",
		definition: params({ "s.$": "States.Format('{} items', States.ArrayLength($.a))" }),
		inputs: [{ a: [1, 2] }],
		expected: [ok({ s: "2 items" })],
	},
	{
		name: "intrinsic: ResultSelector may use intrinsics",
		definition: one({
			Type: "Task",
			Resource: lambda("echo"),
			ResultSelector: { "n.$": "States.ArrayLength($.xs)" },
			ResultPath: "$.r",
		}),
		functions: () => ({ echo: (p) => p }),
		inputs: [{ xs: [3, 4] }],
		expected: [ok({ xs: [3, 4], r: { n: 2 } })],
	},

	// ---- Choice --------------------------------------------------------------------------------
	{
		name: "choice: StringEquals",
		definition: choice({ Variable: "$.s", StringEquals: "a" }),
		inputs: [{ s: "a" }, { s: "b" }, { s: 1 }],
		expected: [ok("yes"), ok("no"), ok("no")],
	},
	{
		name: "choice: StringLessThan / GreaterThanEquals",
		definition: {
			StartAt: "C",
			States: {
				C: {
					Type: "Choice",
					Choices: [
						{ Variable: "$.s", StringLessThan: "m", Next: "Lt" },
						{ Variable: "$.s", StringGreaterThanEquals: "t", Next: "Ge" },
					],
					Default: "Mid",
				},
				Lt: { Type: "Pass", Result: "lt", End: true },
				Ge: { Type: "Pass", Result: "ge", End: true },
				Mid: { Type: "Pass", Result: "mid", End: true },
			},
		},
		inputs: [{ s: "apple" }, { s: "tea" }, { s: "pear" }],
		expected: [ok("lt"), ok("ge"), ok("mid")],
	},
	{
		name: "choice: StringEqualsPath",
		definition: choice({ Variable: "$.a", StringEqualsPath: "$.b" }),
		inputs: [
			{ a: "x", b: "x" },
			{ a: "x", b: "y" },
		],
		expected: [ok("yes"), ok("no")],
	},
	{
		name: "choice: StringGreaterThanPath / LessThanEqualsPath",
		definition: choice({
			And: [
				{ Variable: "$.a", StringGreaterThanPath: "$.lo" },
				{ Variable: "$.a", StringLessThanEqualsPath: "$.hi" },
			],
		}),
		inputs: [
			{ a: "m", lo: "a", hi: "m" },
			{ a: "z", lo: "a", hi: "m" },
		],
		expected: [ok("yes"), ok("no")],
	},
	{
		name: "choice: NumericEquals",
		definition: choice({ Variable: "$.n", NumericEquals: 2 }),
		inputs: [{ n: 2 }, { n: 2.0 }, { n: 3 }, { n: "2" }],
		expected: [ok("yes"), ok("yes"), ok("no"), ok("no")],
	},
	{
		name: "choice: NumericLessThan / GreaterThan",
		definition: choice({
			And: [
				{ Variable: "$.n", NumericGreaterThan: 1 },
				{ Variable: "$.n", NumericLessThan: 10 },
			],
		}),
		inputs: [{ n: 5 }, { n: 1 }, { n: 10 }],
		expected: [ok("yes"), ok("no"), ok("no")],
	},
	{
		name: "choice: NumericLessThanEquals / GreaterThanEquals",
		definition: choice({
			And: [
				{ Variable: "$.n", NumericGreaterThanEquals: 1 },
				{ Variable: "$.n", NumericLessThanEquals: 10 },
			],
		}),
		inputs: [{ n: 1 }, { n: 10 }, { n: 10.5 }],
		expected: [ok("yes"), ok("yes"), ok("no")],
	},
	{
		name: "choice: Numeric…Path",
		definition: choice({
			Or: [
				{ Variable: "$.n", NumericLessThanPath: "$.min" },
				{ Variable: "$.n", NumericEqualsPath: "$.exact" },
			],
		}),
		inputs: [
			{ n: 1, min: 2, exact: 9 },
			{ n: 9, min: 2, exact: 9 },
			{ n: 5, min: 2, exact: 9 },
		],
		expected: [ok("yes"), ok("yes"), ok("no")],
	},
	{
		name: "choice: BooleanEquals and BooleanEqualsPath",
		definition: choice({
			And: [
				{ Variable: "$.b", BooleanEquals: true },
				{ Variable: "$.b", BooleanEqualsPath: "$.c" },
			],
		}),
		inputs: [
			{ b: true, c: true },
			{ b: true, c: false },
			{ b: "true", c: true },
		],
		expected: [ok("yes"), ok("no"), ok("no")],
	},
	{
		name: "choice: TimestampEquals / LessThan / GreaterThan",
		definition: {
			StartAt: "C",
			States: {
				C: {
					Type: "Choice",
					Choices: [
						{ Variable: "$.t", TimestampEquals: "2024-05-01T00:00:00Z", Next: "Eq" },
						{ Variable: "$.t", TimestampLessThan: "2024-05-01T00:00:00Z", Next: "Lt" },
						{ Variable: "$.t", TimestampGreaterThan: "2024-05-01T00:00:00Z", Next: "Gt" },
					],
					Default: "None",
				},
				Eq: { Type: "Pass", Result: "eq", End: true },
				Lt: { Type: "Pass", Result: "lt", End: true },
				Gt: { Type: "Pass", Result: "gt", End: true },
				None: { Type: "Pass", Result: "none", End: true },
			},
		},
		inputs: [
			{ t: "2024-05-01T00:00:00Z" },
			{ t: "2024-04-30T23:59:59Z" },
			{ t: "2024-05-01T08:00:00+08:00" },
			{ t: "2024-05-02T00:00:00.5Z" },
			{ t: "not a time" },
		],
		expected: [ok("eq"), ok("lt"), ok("eq"), ok("gt"), ok("none")],
	},
	{
		name: "choice: Timestamp…Equals and …Path",
		definition: choice({
			And: [
				{ Variable: "$.t", TimestampGreaterThanEqualsPath: "$.from" },
				{ Variable: "$.t", TimestampLessThanEquals: "2030-01-01T00:00:00Z" },
			],
		}),
		inputs: [
			{ t: "2025-01-01T00:00:00Z", from: "2025-01-01T00:00:00Z" },
			{ t: "2024-01-01T00:00:00Z", from: "2025-01-01T00:00:00Z" },
		],
		expected: [ok("yes"), ok("no")],
	},
	{
		name: "choice: StringMatches with wildcards",
		definition: choice({ Variable: "$.f", StringMatches: "log-*.txt" }),
		inputs: [{ f: "log-2024.txt" }, { f: "log-.txt" }, { f: "log-2024.csv" }],
		expected: [ok("yes"), ok("yes"), ok("no")],
	},
	{
		name: "choice: StringMatches with an escaped star",
		definition: choice({ Variable: "$.f", StringMatches: "a\\*b*" }),
		inputs: [{ f: "a*bc" }, { f: "axbc" }],
		expected: [ok("yes"), ok("no")],
	},
	{
		name: "choice: IsNull true",
		definition: choice({ Variable: "$.v", IsNull: true }),
		inputs: [{ v: null }, { v: 0 }],
		expected: [ok("yes"), ok("no")],
	},
	{
		name: "choice: IsNull false",
		definition: choice({ Variable: "$.v", IsNull: false }),
		inputs: [{ v: 0 }, { v: null }],
		expected: [ok("yes"), ok("no")],
		peer: { differs: "a type test set to false never matches", docs: DOCS.choice },
	},
	{
		name: "choice: IsPresent",
		definition: choice({ Variable: "$.v", IsPresent: true }),
		inputs: [{ v: null }, {}],
		expected: [ok("yes"), ok("no")],
	},
	{
		name: "choice: IsPresent false",
		definition: choice({ Variable: "$.v.w", IsPresent: false }),
		inputs: [{}, { v: { w: 1 } }],
		expected: [ok("yes"), ok("no")],
		peer: { differs: "a type test set to false never matches", docs: DOCS.choice },
	},
	{
		name: "choice: IsNumeric / IsString / IsBoolean true",
		definition: choice({
			And: [
				{ Variable: "$.n", IsNumeric: true },
				{ Variable: "$.s", IsString: true },
				{ Variable: "$.b", IsBoolean: true },
			],
		}),
		inputs: [
			{ n: 1, s: "", b: false },
			{ n: "1", s: "", b: false },
		],
		expected: [ok("yes"), ok("no")],
	},
	{
		name: "choice: IsNumeric / IsString / IsBoolean false",
		definition: choice({
			And: [
				{ Variable: "$.n", IsNumeric: false },
				{ Variable: "$.s", IsString: false },
				{ Variable: "$.b", IsBoolean: false },
			],
		}),
		inputs: [
			{ n: "1", s: 2, b: "no" },
			{ n: 1, s: 2, b: "no" },
		],
		expected: [ok("yes"), ok("no")],
		peer: { differs: "a type test set to false never matches", docs: DOCS.choice },
	},
	{
		name: "choice: IsTimestamp",
		definition: choice({ Variable: "$.t", IsTimestamp: true }),
		inputs: [{ t: "2024-01-01T10:00:00.123Z" }, { t: "2024-01-01" }, { t: 17 }],
		expected: [ok("yes"), ok("no"), ok("no")],
	},
	{
		name: "choice: Not",
		definition: choice({ Not: { Variable: "$.s", StringEquals: "x" } }),
		inputs: [{ s: "x" }, { s: "y" }],
		expected: [ok("no"), ok("yes")],
	},
	{
		name: "choice: nested And / Or / Not",
		definition: choice({
			Or: [
				{ And: [{ Variable: "$.a", NumericGreaterThan: 0 }, { Not: { Variable: "$.b", BooleanEquals: true } }] },
				{ Variable: "$.c", StringEquals: "force" },
			],
		}),
		inputs: [
			{ a: 1, b: false, c: "" },
			{ a: 1, b: true, c: "" },
			{ a: 0, b: true, c: "force" },
		],
		expected: [ok("yes"), ok("no"), ok("yes")],
	},
	{
		name: "choice: InputPath and OutputPath",
		definition: {
			StartAt: "C",
			States: {
				C: {
					Type: "Choice",
					InputPath: "$.in",
					OutputPath: "$.keep",
					Choices: [{ Variable: "$.v", NumericEquals: 1, Next: "E" }],
					Default: "E",
				},
				E: { Type: "Succeed" },
			},
		},
		inputs: [{ in: { v: 1, keep: "k" } }],
		expected: [ok("k")],
	},
	{
		name: "choice: no match and no Default is States.NoChoiceMatched",
		definition: {
			StartAt: "C",
			States: {
				C: { Type: "Choice", Choices: [{ Variable: "$.v", NumericEquals: 1, Next: "E" }] },
				E: { Type: "Succeed" },
			},
		},
		inputs: [{ v: 2 }],
		expected: [failed("States.NoChoiceMatched")],
	},
	{
		name: "choice: a missing variable is States.Runtime",
		definition: choice({ Variable: "$.missing", StringEquals: "x" }),
		inputs: [{}],
		expected: [failed("States.Runtime")],
	},

	// ---- Wait, Succeed, Fail ---------------------------------------------------------------------
	{
		name: "wait: Seconds",
		definition: { StartAt: "W", States: { W: { Type: "Wait", Seconds: 5, Next: "E" }, E: { Type: "Succeed" } } },
		inputs: [{ a: 1 }],
		expected: [ok({ a: 1 })],
	},
	{
		name: "wait: SecondsPath",
		definition: {
			StartAt: "W",
			States: { W: { Type: "Wait", SecondsPath: "$.s", Next: "E" }, E: { Type: "Succeed" } },
		},
		inputs: [{ s: 30 }],
		expected: [ok({ s: 30 })],
	},
	{
		name: "wait: Timestamp in the past",
		definition: {
			StartAt: "W",
			States: { W: { Type: "Wait", Timestamp: "2001-01-01T00:00:00Z", Next: "E" }, E: { Type: "Succeed" } },
		},
		inputs: [{}],
		expected: [ok({})],
	},
	{
		name: "wait: TimestampPath and OutputPath",
		definition: {
			StartAt: "W",
			States: { W: { Type: "Wait", TimestampPath: "$.until", OutputPath: "$.x", Next: "E" }, E: { Type: "Succeed" } },
		},
		inputs: [{ until: "2031-01-01T00:00:00Z", x: 1 }],
		expected: [ok(1)],
	},
	{
		name: "succeed: InputPath and OutputPath",
		definition: terminal({ Type: "Succeed", InputPath: "$.a", OutputPath: "$.b" }),
		inputs: [{ a: { b: "out" } }],
		expected: [ok("out")],
	},
	{
		name: "fail: Error and Cause",
		definition: terminal({ Type: "Fail", Error: "Case.Invalid", Cause: "missing petitioner" }),
		compareCause: true,
		expected: [failed("Case.Invalid", "missing petitioner")],
	},
	{
		name: "fail: ErrorPath and CausePath",
		definition: terminal({ Type: "Fail", ErrorPath: "$.e", CausePath: "$.c" }),
		compareCause: true,
		inputs: [{ e: "E.Dyn", c: "dynamic cause" }],
		expected: [failed("E.Dyn", "dynamic cause")],
	},
	{
		name: "fail: without Error and Cause",
		definition: terminal({ Type: "Fail" }),
		compareCause: true,
		expected: [failed(undefined)],
		peer: { differs: "reports FailStateError with a made-up cause", docs: DOCS.fail },
	},

	// ---- Task, Retry, Catch ---------------------------------------------------------------------
	{
		name: "task: plain Lambda ARN returns the raw payload",
		definition: one({ Type: "Task", Resource: lambda("double") }),
		functions: () => ({ double: (p) => ({ n: p.n * 2 }) }),
		inputs: [{ n: 21 }],
		expected: [ok({ n: 42 })],
	},
	{
		name: "task: Parameters, ResultSelector, ResultPath, OutputPath",
		definition: one({
			Type: "Task",
			Resource: lambda("echo"),
			Parameters: { "v.$": "$.a", k: "lit" },
			ResultSelector: { "got.$": "$.v", "k.$": "$.k" },
			ResultPath: "$.r",
			OutputPath: "$.r",
		}),
		functions: () => ({ echo: (p) => p }),
		inputs: [{ a: 1 }],
		expected: [ok({ got: 1, k: "lit" })],
	},
	{
		name: "task: lambda:invoke result selected from Payload",
		definition: one({
			Type: "Task",
			Resource: "arn:aws:states:::lambda:invoke",
			Parameters: { FunctionName: lambda("echo"), "Payload.$": "$" },
			ResultSelector: { "p.$": "$.Payload", "code.$": "$.StatusCode" },
		}),
		functions: () => ({ echo: (p) => p }),
		inputs: [{ a: 1 }],
		expected: [ok({ p: { a: 1 }, code: 200 })],
	},
	{
		name: "task: an error fails the execution with its name",
		definition: one({ Type: "Task", Resource: lambda("boom") }),
		functions: () => ({
			boom: () => {
				throw customError("Case.NotFound", "no such case");
			},
		}),
		expected: [failed("Case.NotFound")],
	},
	{
		name: "task: Catch a custom error with ResultPath",
		definition: {
			StartAt: "T",
			States: {
				T: {
					Type: "Task",
					Resource: lambda("boom"),
					Catch: [
						{ ErrorEquals: ["Other"], Next: "Wrong" },
						{ ErrorEquals: ["Case.NotFound"], ResultPath: "$.err", Next: "Handled" },
					],
					End: true,
				},
				Wrong: { Type: "Fail", Error: "wrong" },
				Handled: { Type: "Pass", Parameters: { "error.$": "$.err.Error", "kept.$": "$.keep" }, End: true },
			},
		},
		functions: () => ({
			boom: () => {
				throw customError("Case.NotFound", "no such case");
			},
		}),
		inputs: [{ keep: 1 }],
		expected: [ok({ error: "Case.NotFound", kept: 1 })],
	},
	{
		name: "task: Catch States.ALL with ResultPath null keeps the input",
		definition: {
			StartAt: "T",
			States: {
				T: {
					Type: "Task",
					Resource: lambda("boom"),
					Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: "Handled" }],
					End: true,
				},
				Handled: { Type: "Succeed" },
			},
		},
		functions: () => ({
			boom: () => {
				throw customError("Anything", "x");
			},
		}),
		inputs: [{ keep: 1 }],
		expected: [ok({ keep: 1 })],
	},
	{
		name: "task: Catch States.TaskFailed",
		definition: {
			StartAt: "T",
			States: {
				T: {
					Type: "Task",
					Resource: lambda("boom"),
					Catch: [{ ErrorEquals: ["States.TaskFailed"], Next: "Handled" }],
					End: true,
				},
				Handled: { Type: "Pass", InputPath: "$.Error", End: true },
			},
		},
		functions: () => ({
			boom: () => {
				throw customError("Db.Down", "x");
			},
		}),
		expected: [ok("Db.Down")],
	},
	{
		name: "task: Retry until success",
		definition: one({
			Type: "Task",
			Resource: lambda("flaky"),
			Retry: [{ ErrorEquals: ["Flaky"], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 }],
		}),
		functions: () => {
			let n = 0;
			return { flaky: () => (++n < 3 ? Promise.reject(customError("Flaky", `attempt ${n}`)) : { attempts: n }) };
		},
		expected: [ok({ attempts: 3 })],
	},
	{
		name: "task: Retry exhausted, then Catch",
		definition: {
			StartAt: "T",
			States: {
				T: {
					Type: "Task",
					Resource: lambda("flaky"),
					Retry: [
						{ ErrorEquals: ["Flaky"], MaxAttempts: 2, IntervalSeconds: 1, MaxDelaySeconds: 1, JitterStrategy: "FULL" },
					],
					Catch: [{ ErrorEquals: ["States.ALL"], Next: "Handled" }],
					End: true,
				},
				Handled: { Type: "Pass", Result: "caught", End: true },
			},
		},
		functions: () => ({ flaky: () => Promise.reject(customError("Flaky", "always")) }),
		expected: [ok("caught")],
	},
	{
		name: "task: the first matching retrier decides (MaxAttempts 0 means no retry)",
		definition: one({
			Type: "Task",
			Resource: lambda("flaky"),
			Retry: [
				{ ErrorEquals: ["Flaky"], MaxAttempts: 0 },
				{ ErrorEquals: ["States.ALL"], MaxAttempts: 5 },
			],
		}),
		functions: () => {
			let n = 0;
			return { flaky: () => (++n < 2 ? Promise.reject(customError("Flaky", "once")) : "fine") };
		},
		expected: [failed("Flaky")],
	},
	{
		name: "task: States.Runtime is not caught by States.ALL",
		definition: {
			StartAt: "T",
			States: {
				T: {
					Type: "Task",
					Resource: lambda("echo"),
					Parameters: { "v.$": "$.missing" },
					Catch: [{ ErrorEquals: ["States.ALL"], Next: "Handled" }],
					End: true,
				},
				Handled: { Type: "Succeed" },
			},
		},
		functions: () => ({ echo: (p) => p }),
		expected: [failed("States.Runtime")],
	},
	{
		name: "task: TimeoutSeconds gives States.Timeout, caught",
		definition: {
			StartAt: "T",
			States: {
				T: {
					Type: "Task",
					Resource: lambda("hang"),
					TimeoutSeconds: 1,
					Catch: [{ ErrorEquals: ["States.Timeout"], ResultPath: "$.e", Next: "Handled" }],
					End: true,
				},
				Handled: { Type: "Pass", InputPath: "$.e.Error", End: true },
			},
		},
		functions: () => ({ hang: () => new Promise(() => undefined) }),
		expected: [ok("States.Timeout")],
	},
	{
		name: "task: a Task chain with Choice loop",
		definition: {
			StartAt: "Inc",
			States: {
				Inc: { Type: "Task", Resource: lambda("inc"), Next: "More" },
				More: { Type: "Choice", Choices: [{ Variable: "$.n", NumericLessThan: 5, Next: "Inc" }], Default: "Done" },
				Done: { Type: "Succeed" },
			},
		},
		functions: () => ({ inc: (p) => ({ n: p.n + 1 }) }),
		inputs: [{ n: 0 }],
		expected: [ok({ n: 5 })],
	},

	// ---- Parallel and Map ----------------------------------------------------------------------
	{
		name: "parallel: branch outputs in order",
		definition: one({
			Type: "Parallel",
			Branches: [
				{ StartAt: "A", States: { A: { Type: "Pass", InputPath: "$.a", End: true } } },
				{ StartAt: "B", States: { B: { Type: "Task", Resource: lambda("double"), InputPath: "$.b", End: true } } },
			],
		}),
		functions: () => ({ double: (p) => p * 2 }),
		inputs: [{ a: "x", b: 4 }],
		expected: [ok(["x", 8])],
	},
	{
		name: "parallel: Parameters, ResultSelector and ResultPath",
		definition: one({
			Type: "Parallel",
			Parameters: { "v.$": "$.v" },
			Branches: [
				{ StartAt: "A", States: { A: { Type: "Pass", End: true } } },
				{ StartAt: "B", States: { B: { Type: "Pass", Result: 2, End: true } } },
			],
			ResultSelector: { "first.$": "$[0].v", "second.$": "$[1]" },
			ResultPath: "$.out",
		}),
		inputs: [{ v: 1 }],
		expected: [ok({ v: 1, out: { first: 1, second: 2 } })],
	},
	{
		name: "parallel: a failing branch is caught by the Parallel state",
		definition: {
			StartAt: "P",
			States: {
				P: {
					Type: "Parallel",
					Branches: [
						{ StartAt: "A", States: { A: { Type: "Pass", End: true } } },
						{ StartAt: "B", States: { B: { Type: "Fail", Error: "Branch.Bad", Cause: "b" } } },
					],
					Catch: [{ ErrorEquals: ["Branch.Bad"], ResultPath: "$.err", Next: "H" }],
					End: true,
				},
				H: { Type: "Pass", InputPath: "$.err", End: true },
			},
		},
		compareCause: true,
		expected: [ok({ Error: "Branch.Bad", Cause: "b" })],
	},
	{
		name: "parallel: an uncaught branch failure fails the execution",
		definition: one({
			Type: "Parallel",
			Branches: [{ StartAt: "B", States: { B: { Type: "Fail", Error: "Branch.Bad", Cause: "b" } } }],
		}),
		expected: [failed("Branch.Bad")],
	},
	{
		name: "map: ItemsPath and ItemSelector with $$.Map.Item",
		definition: one({
			Type: "Map",
			ItemsPath: "$.xs",
			ItemSelector: { "i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value", "tag.$": "$.tag" },
			ItemProcessor: { ProcessorConfig: { Mode: "INLINE" }, StartAt: "P", States: { P: { Type: "Pass", End: true } } },
		}),
		inputs: [{ xs: ["a", "b"], tag: "t" }],
		expected: [
			ok([
				{ i: 0, v: "a", tag: "t" },
				{ i: 1, v: "b", tag: "t" },
			]),
		],
	},
	{
		name: "map: tasks per item with MaxConcurrency 1",
		definition: one({
			Type: "Map",
			MaxConcurrency: 1,
			ItemProcessor: { StartAt: "T", States: { T: { Type: "Task", Resource: lambda("double"), End: true } } },
			InputPath: "$.xs",
		}),
		functions: () => ({ double: (p) => p * 2 }),
		inputs: [{ xs: [1, 2, 3] }],
		expected: [ok([2, 4, 6])],
	},
	{
		name: "map: legacy Iterator and Parameters",
		definition: one({
			Type: "Map",
			ItemsPath: "$.xs",
			Parameters: { "x.$": "$$.Map.Item.Value" },
			Iterator: { StartAt: "P", States: { P: { Type: "Pass", InputPath: "$.x", End: true } } },
			ResultPath: "$.r",
		}),
		inputs: [{ xs: [1, 2] }],
		expected: [ok({ xs: [1, 2], r: [1, 2] })],
	},
	{
		name: "map: an empty list gives []",
		definition: one({ Type: "Map", ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } } }),
		inputs: [[]],
		expected: [ok([])],
	},
	{
		name: "map: items that are not a list are States.Runtime",
		definition: one({
			Type: "Map",
			ItemsPath: "$.xs",
			ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } },
		}),
		inputs: [{ xs: "nope" }],
		expected: [failed("States.Runtime")],
	},
	{
		name: "map: a failing item is caught",
		definition: {
			StartAt: "M",
			States: {
				M: {
					Type: "Map",
					ItemProcessor: { StartAt: "T", States: { T: { Type: "Task", Resource: lambda("check"), End: true } } },
					Catch: [{ ErrorEquals: ["Item.Bad"], Next: "H" }],
					End: true,
				},
				H: { Type: "Pass", Result: "handled", End: true },
			},
		},
		functions: () => ({ check: (p) => (p === 2 ? Promise.reject(customError("Item.Bad", "two")) : p) }),
		inputs: [
			[1, 2, 3],
			[1, 3],
		],
		expected: [ok("handled"), ok([1, 3])],
	},
	{
		name: "map: ResultSelector over the results",
		definition: one({
			Type: "Map",
			ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } },
			ResultSelector: { "n.$": "States.ArrayLength($)", "first.$": "$[0]" },
		}),
		inputs: [["a", "b", "c"]],
		expected: [ok({ n: 3, first: "a" })],
	},
	{
		name: "nesting: Parallel inside Map",
		definition: one({
			Type: "Map",
			ItemProcessor: {
				StartAt: "Par",
				States: {
					Par: {
						Type: "Parallel",
						Branches: [
							{ StartAt: "A", States: { A: { Type: "Pass", End: true } } },
							{ StartAt: "B", States: { B: { Type: "Task", Resource: lambda("double"), End: true } } },
						],
						End: true,
					},
				},
			},
		}),
		functions: () => ({ double: (p) => p * 2 }),
		inputs: [[1, 2]],
		expected: [
			ok([
				[1, 2],
				[2, 4],
			]),
		],
	},
];
