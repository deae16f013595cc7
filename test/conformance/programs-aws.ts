/**
 * Programs pinning AWS behaviour the differential peer (aws-local-stepfunctions) does not have:
 * JSONPath variables, the JSONata query language, the context object as a whole and the exact
 * `States.Runtime` causes. Each `expected` is what AWS gives (its documentation, and executions
 * recorded on AWS); `peer.docs` / the section's DOCS entry names the page.
 */
import type { ConformanceCase, Outcome } from "./programs.ts";

const lambda = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const ok = (output: unknown): Outcome => ({ status: "SUCCEEDED", output });
const failed = (error: string | undefined, cause?: string): Outcome => ({
	status: "FAILED",
	error,
	...(cause !== undefined ? { cause } : {}),
});
const at = (state: string, eventId: number, message: string) =>
	`An error occurred while executing the state '${state}' (entered at the event id #${eventId}). ${message}`;

const DOCS = {
	variables: "https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html",
	jsonata: "https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html",
	context: "https://docs.aws.amazon.com/step-functions/latest/dg/input-output-contextobject.html",
	errors: "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html",
	wait: "https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html",
};

const NO_VARIABLES = "has no workflow variables (Assign, $name)";
const NO_JSONATA = "does not run the JSONata query language";
const NO_PREFIX =
	"words States.Runtime causes its own way, without AWS's 'An error occurred while executing the state …'";

export const variablePrograms: ConformanceCase[] = [
	{
		name: "variables: Assign from Result, read by OutputPath in the next state",
		definition: {
			StartAt: "S0",
			States: {
				S0: { Type: "Pass", Result: { answer: 42 }, Assign: { "theAnswer.$": "$.answer" }, Next: "S1" },
				S1: { Type: "Pass", OutputPath: "$theAnswer", End: true },
			},
		},
		expected: [ok(42)],
		peerSkip: NO_VARIABLES,
	},
	{
		name: "variables: InputPath reads a variable",
		definition: {
			StartAt: "S0",
			States: {
				S0: { Type: "Pass", Assign: { theAnswer: 42 }, Next: "S1" },
				S1: { Type: "Pass", InputPath: "$theAnswer", End: true },
			},
		},
		expected: [ok(42)],
		peerSkip: NO_VARIABLES,
	},
	{
		name: "variables: Parameters read `key.$: $name`; a plain '$name' stays a string",
		definition: {
			StartAt: "S0",
			States: {
				S0: { Type: "Pass", Parameters: { result: "$result" }, Assign: { result: "foobar" }, Next: "S1" },
				S1: { Type: "Pass", ResultPath: "$.result", Parameters: { "result.$": "$result" }, End: true },
			},
		},
		expected: [ok({ result: { result: "foobar" } })],
		peerSkip: NO_VARIABLES,
	},
	{
		name: "variables: a state's paths read the values from before its own Assign",
		definition: {
			StartAt: "S0",
			States: {
				S0: {
					Type: "Pass",
					Result: { theQuestion: "What is the answer?" },
					Assign: { "question.$": "$.theQuestion", answer: 42 },
					Next: "S1",
				},
				S1: {
					Type: "Pass",
					InputPath: "$answer",
					ResultPath: "$.theAnswer",
					OutputPath: "$answer",
					Assign: { answer: "<omitted>" },
					Next: "S2",
				},
				S2: { Type: "Pass", Parameters: { "before.$": "$", "now.$": "$answer", "q.$": "$question" }, End: true },
			},
		},
		expected: [ok({ before: 42, now: "<omitted>", q: "What is the answer?" })],
		peerSkip: NO_VARIABLES,
	},
	{
		name: "variables: Assign from Parameters, literals, context and intrinsic functions",
		definition: {
			StartAt: "S0",
			States: {
				S0: {
					Type: "Pass",
					Parameters: { input: "PENDING" },
					Assign: {
						"result.$": "$.input",
						"whole.$": "$",
						"state.$": "$$.State.Name",
						"text.$": "States.Format('{}-{}', $.input, 7)",
						list: [1, "$.not.a.path", { nested: true }],
					},
					Next: "S1",
				},
				S1: {
					Type: "Pass",
					Parameters: {
						"r.$": "$result",
						"w.$": "$whole.input",
						"s.$": "$state",
						"t.$": "States.Format('{} and {}', $text, $result)",
						"l.$": "$list[2]",
					},
					End: true,
				},
			},
		},
		expected: [ok({ r: "PENDING", w: "PENDING", s: "S0", t: "PENDING-7 and PENDING", l: { nested: true } })],
		peerSkip: NO_VARIABLES,
	},
	{
		name: "variables: Choice Variable and StringEqualsPath read variables; a loop reassigns",
		definition: {
			StartAt: "Setup",
			States: {
				Setup: { Type: "Pass", Assign: { guess: "the_guess", answer: "the_answer" }, Next: "Check" },
				Check: {
					Type: "Choice",
					Choices: [{ Variable: "$guess", StringEqualsPath: "$answer", Next: "Correct" }],
					Default: "Wrong",
				},
				Correct: { Type: "Pass", Result: { state: "CORRECT" }, End: true },
				Wrong: { Type: "Pass", Assign: { "guess.$": "$answer" }, Result: { state: "WRONG" }, Next: "Check" },
			},
		},
		expected: [ok({ state: "CORRECT" })],
		peerSkip: NO_VARIABLES,
	},
	{
		name: "variables: a matching Choice rule's Assign; the state's Assign goes with Default",
		definition: {
			StartAt: "Check",
			States: {
				Check: {
					Type: "Choice",
					Choices: [
						{ Variable: "$.v", IsPresent: false, Assign: { status: "UNKNOWN" }, Next: "Final" },
						{ Variable: "$.v", NumericEquals: 42, Assign: { status: "CORRECT" }, Next: "Final" },
					],
					Assign: { status: "INCORRECT", "guess.$": "$.v" },
					Default: "Final",
				},
				Final: { Type: "Pass", Parameters: { "result.$": "$status" }, End: true },
			},
		},
		inputs: [{ v: 42 }, { v: "42" }, {}],
		expected: [ok({ result: "CORRECT" }), ok({ result: "INCORRECT" }), ok({ result: "UNKNOWN" })],
		peerSkip: NO_VARIABLES,
	},
	{
		name: "variables: Wait SecondsPath and TimestampPath; Assign in a Wait takes effect when it ends",
		definition: {
			StartAt: "Start",
			States: {
				Start: { Type: "Pass", Assign: { waitTime: 3, startAt: "2024-11-06T09:42:03Z" }, Next: "WaitSeconds" },
				WaitSeconds: { Type: "Wait", SecondsPath: "$waitTime", Assign: { waited: true }, Next: "WaitUntil" },
				WaitUntil: { Type: "Wait", TimestampPath: "$startAt", Next: "Out" },
				Out: { Type: "Pass", Parameters: { "waited.$": "$waited" }, End: true },
			},
		},
		expected: [ok({ waited: true })],
		peerSkip: NO_VARIABLES,
	},
	{
		name: "variables: Fail ErrorPath and CausePath read variables",
		definition: {
			StartAt: "P",
			States: {
				P: { Type: "Pass", Assign: { errorVar: "Exception", causeVar: "An Exception was encountered" }, Next: "F" },
				F: { Type: "Fail", ErrorPath: "$errorVar", CausePath: "$causeVar" },
			},
		},
		compareCause: true,
		expected: [failed("Exception", "An Exception was encountered")],
		peerSkip: NO_VARIABLES,
	},
	{
		name: "variables: Map ItemsPath and ItemSelector read variables; iterations read outer ones",
		definition: {
			StartAt: "Start",
			States: {
				Start: {
					Type: "Pass",
					Assign: { Question: "Who's that Pokemon?", PokemonList: ["Charizard", "Pikachu", "Squirtle"] },
					Result: { AnswerTemplate: "It's {}!" },
					Next: "Iterate",
				},
				Iterate: {
					Type: "Map",
					MaxConcurrency: 1,
					ItemsPath: "$PokemonList",
					ItemSelector: { "Announce.$": "States.Format($.AnswerTemplate, $$.Map.Item.Value)", literal: "$Question" },
					ItemProcessor: {
						ProcessorConfig: { Mode: "INLINE" },
						StartAt: "Pass",
						States: {
							Pass: {
								Type: "Pass",
								Parameters: { "Question.$": "$Question", "Answer.$": "$.Announce", "l.$": "$.literal" },
								End: true,
							},
						},
					},
					End: true,
				},
			},
		},
		expected: [
			ok([
				{ Question: "Who's that Pokemon?", Answer: "It's Charizard!", l: "$Question" },
				{ Question: "Who's that Pokemon?", Answer: "It's Pikachu!", l: "$Question" },
				{ Question: "Who's that Pokemon?", Answer: "It's Squirtle!", l: "$Question" },
			]),
		],
		peerSkip: NO_VARIABLES,
	},
	{
		name: "variables: nested Map iterations read every enclosing scope; their assignments stay inside",
		definition: {
			StartAt: "Input",
			States: {
				Input: { Type: "Pass", Result: [[9, 44, 6]], Assign: { bias: 4.3, x: "outer" }, Next: "Levels" },
				Levels: {
					Type: "Map",
					ItemProcessor: {
						StartAt: "Vector",
						States: {
							Vector: {
								Type: "Pass",
								Assign: { "xCurrent.$": "$[0]", "yCurrent.$": "$[1]", "zCurrent.$": "$[2]", x: "inner" },
								Next: "Calculate",
							},
							Calculate: {
								Type: "Map",
								ItemProcessor: {
									StartAt: "Sum",
									States: {
										Sum: {
											Type: "Pass",
											Parameters: {
												"sum.$":
													"States.MathAdd(States.MathAdd(States.MathAdd($yCurrent, $xCurrent), $zCurrent), $bias)",
												"x.$": "$x",
											},
											End: true,
										},
									},
								},
								End: true,
							},
						},
					},
					Next: "After",
				},
				After: { Type: "Pass", Parameters: { "x.$": "$x", "levels.$": "$" }, End: true },
			},
		},
		expected: [
			ok({
				x: "outer",
				levels: [
					[
						{ sum: 63, x: "inner" },
						{ sum: 63, x: "inner" },
						{ sum: 63, x: "inner" },
					],
				],
			}),
		],
		peerSkip: NO_VARIABLES,
	},
	{
		name: "variables: Parallel branches read outer variables; each branch's own stay in it",
		definition: {
			StartAt: "S0",
			States: {
				S0: { Type: "Pass", Assign: { x: 42 }, Next: "Par" },
				Par: {
					Type: "Parallel",
					Assign: { "first.$": "$[0].inner" },
					Branches: [
						{
							StartAt: "B1",
							States: {
								B1: { Type: "Pass", Assign: { own: "b1", "innerX.$": "$x" }, Next: "B1b" },
								B1b: { Type: "Pass", Parameters: { "inner.$": "$innerX", "own.$": "$own" }, End: true },
							},
						},
						{
							StartAt: "B2",
							States: {
								B2: { Type: "Pass", Assign: { own: "b2" }, Next: "B2b" },
								B2b: { Type: "Pass", Parameters: { "own.$": "$own", "x.$": "$x" }, End: true },
							},
						},
					],
					Next: "Out",
				},
				Out: { Type: "Pass", Parameters: { "first.$": "$first", "x.$": "$x", "branches.$": "$" }, End: true },
			},
		},
		expected: [
			ok({
				first: 42,
				x: 42,
				branches: [
					{ inner: 42, own: "b1" },
					{ own: "b2", x: 42 },
				],
			}),
		],
		peerSkip: NO_VARIABLES,
	},
	{
		name: "variables: Task Assign reads the result after ResultSelector; TimeoutSecondsPath reads a variable",
		definition: {
			StartAt: "P",
			States: {
				P: { Type: "Pass", Assign: { fn: "echo", payload: { foo: "oof" }, timeout: 300 }, Next: "T" },
				T: {
					Type: "Task",
					Resource: "arn:aws:states:::lambda:invoke",
					TimeoutSecondsPath: "$timeout",
					Parameters: { "Payload.$": "$payload", "FunctionName.$": "$fn" },
					ResultSelector: { "p.$": "$.Payload" },
					Assign: { "result.$": "$.p.foo" },
					OutputPath: "$.p",
					Next: "End",
				},
				End: { Type: "Pass", Parameters: { "previous.$": "$result", "out.$": "$" }, End: true },
			},
		},
		functions: () => ({ echo: (p) => p }),
		expected: [ok({ previous: "oof", out: { foo: "oof" } })],
		peerSkip: NO_VARIABLES,
	},
	{
		name: "variables: a Catch's Assign reads the error output",
		definition: {
			StartAt: "T",
			States: {
				T: {
					Type: "Task",
					Resource: lambda("boom"),
					Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Assign: { "err.$": "$.Error" }, Next: "Out" }],
					End: true,
				},
				Out: { Type: "Pass", Parameters: { "err.$": "$err", "in.$": "$" }, End: true },
			},
		},
		functions: () => ({
			boom: () => {
				throw Object.assign(new Error("no"), { name: "Case.Broken" });
			},
		}),
		inputs: [{ a: 1 }],
		expected: [ok({ err: "Case.Broken", in: { a: 1 } })],
		peerSkip: NO_VARIABLES,
	},
];

export const jsonataPrograms: ConformanceCase[] = [
	{
		name: "jsonata: Output and Assign with $states.input; variables in the next state",
		definition: {
			QueryLanguage: "JSONata",
			StartAt: "S0",
			States: {
				S0: {
					Type: "Pass",
					Output: { total: "{% $sum($states.input.xs) %}", plain: "text", n: 1 },
					Assign: { count: "{% $count($states.input.xs) %}" },
					Next: "S1",
				},
				S1: { Type: "Pass", Output: "{% { 'avg': $states.input.total / $count } %}", End: true },
			},
		},
		inputs: [{ xs: [1, 2, 3] }],
		expected: [ok({ avg: 2 })],
		peerSkip: NO_JSONATA,
	},
	{
		name: "jsonata: a state without Output passes its input; QueryLanguage per state",
		definition: {
			StartAt: "P",
			States: {
				P: { Type: "Pass", Parameters: { "a.$": "$.a" }, Next: "J" },
				J: { Type: "Pass", QueryLanguage: "JSONata", Assign: { a: "{% $states.input.a %}" }, Next: "K" },
				K: { Type: "Pass", QueryLanguage: "JSONata", Output: "{% [$states.input, $a * 2] %}", End: true },
			},
		},
		inputs: [{ a: 5, b: 6 }],
		expected: [ok([{ a: 5 }, 10])],
		peerSkip: NO_JSONATA,
	},
	{
		name: "jsonata: Task Arguments and Output with $states.result; Catch Output and Assign",
		definition: {
			QueryLanguage: "JSONata",
			StartAt: "T",
			States: {
				T: {
					Type: "Task",
					Resource: "arn:aws:states:::lambda:invoke",
					Arguments: { FunctionName: "{% $states.input.fn %}", Payload: { n: "{% $states.input.n %}" } },
					Output: "{% $states.result.Payload %}",
					Assign: { status: "ok" },
					Catch: [
						{
							ErrorEquals: ["States.ALL"],
							Output: { error: "{% $states.errorOutput.Error %}", input: "{% $states.input %}" },
							Assign: { status: "{% 'failed: ' & $states.errorOutput.Error %}" },
							Next: "Out",
						},
					],
					Next: "Out",
				},
				Out: { Type: "Pass", Output: { result: "{% $states.input %}", status: "{% $status %}" }, End: true },
			},
		},
		functions: () => ({
			double: (p) => ({ n: p.n * 2 }),
			boom: () => {
				throw Object.assign(new Error("no"), { name: "Case.Broken" });
			},
		}),
		inputs: [
			{ fn: "double", n: 21 },
			{ fn: "boom", n: 1 },
		],
		expected: [
			ok({ result: { n: 42 }, status: "ok" }),
			ok({ result: { error: "Case.Broken", input: { fn: "boom", n: 1 } }, status: "failed: Case.Broken" }),
		],
		peerSkip: NO_JSONATA,
	},
	{
		name: "jsonata: a Catch without Output gives the error output",
		definition: {
			QueryLanguage: "JSONata",
			StartAt: "T",
			States: {
				T: { Type: "Task", Resource: lambda("boom"), Catch: [{ ErrorEquals: ["States.ALL"], Next: "Out" }], End: true },
				Out: { Type: "Pass", Output: "{% $states.input.Error %}", End: true },
			},
		},
		functions: () => ({
			boom: () => {
				throw Object.assign(new Error("no"), { name: "Case.Broken" });
			},
		}),
		expected: [ok("Case.Broken")],
		peerSkip: NO_JSONATA,
	},
	{
		name: "jsonata: Choice Condition, rule Assign and Output",
		definition: {
			QueryLanguage: "JSONata",
			StartAt: "C",
			States: {
				C: {
					Type: "Choice",
					Choices: [
						{
							Condition: "{% $states.input.n > 10 %}",
							Assign: { size: "big" },
							Output: { n: "{% $states.input.n %}" },
							Next: "Out",
						},
					],
					Assign: { size: "small" },
					Default: "Out",
				},
				Out: { Type: "Pass", Output: { size: "{% $size %}", in: "{% $states.input %}" }, End: true },
			},
		},
		inputs: [{ n: 11, x: 1 }, { n: 3 }],
		expected: [ok({ size: "big", in: { n: 11 } }), ok({ size: "small", in: { n: 3 } })],
		peerSkip: NO_JSONATA,
	},
	{
		name: "jsonata: Map Items and ItemSelector with $states.context.Map.Item; Parallel Arguments",
		definition: {
			QueryLanguage: "JSONata",
			StartAt: "M",
			States: {
				M: {
					Type: "Map",
					Items: "{% $states.input.xs %}",
					ItemSelector: { i: "{% $states.context.Map.Item.Index %}", v: "{% $states.context.Map.Item.Value %}" },
					ItemProcessor: {
						StartAt: "I",
						States: { I: { Type: "Pass", Output: "{% $states.input.i * 10 + $states.input.v %}", End: true } },
					},
					Next: "P",
				},
				P: {
					Type: "Parallel",
					Arguments: { list: "{% $states.input %}" },
					Branches: [
						{ StartAt: "B", States: { B: { Type: "Pass", Output: "{% $sum($states.input.list) %}", End: true } } },
					],
					Output: "{% $states.result[0] %}",
					End: true,
				},
			},
		},
		inputs: [{ xs: [1, 2, 3] }],
		expected: [ok(36)],
		peerSkip: NO_JSONATA,
	},
	{
		name: "jsonata: Wait Seconds and Timestamp expressions; Fail Error and Cause expressions",
		definition: {
			QueryLanguage: "JSONata",
			StartAt: "W1",
			States: {
				W1: { Type: "Wait", Seconds: "{% $states.input.s %}", Next: "W2" },
				W2: { Type: "Wait", Timestamp: "{% $states.input.ts %}", Next: "F" },
				F: { Type: "Fail", Error: "{% 'E.' & $states.input.code %}", Cause: "{% $string($states.input.s) %}" },
			},
		},
		compareCause: true,
		inputs: [{ s: 5, ts: "2030-01-01T00:00:00Z", code: "X" }],
		expected: [failed("E.X", "5")],
		peerSkip: NO_JSONATA,
	},
	{
		name: "jsonata: AWS functions $partition, $range, $hash, $parse",
		definition: {
			QueryLanguage: "JSONata",
			StartAt: "S",
			States: {
				S: {
					Type: "Pass",
					Output: {
						p: "{% $partition([1,2,3,4,5], 2) %}",
						r: "{% $range(0, 10, 5) %}",
						h: "{% $hash('Hash this string', 'SHA-256') %}",
						j: "{% $parse('{\"a\":[1]}') %}",
					},
					End: true,
				},
			},
		},
		expected: [
			ok({
				p: [[1, 2], [3, 4], [5]],
				r: [0, 5, 10],
				h: "1cac63f39fd68d8c531f27b807610fb3d50f0fc3f186995767fb6316e7200a3e",
				j: { a: [1] },
			}),
		],
		peerSkip: NO_JSONATA,
	},
	{
		name: "jsonata: an expression giving nothing is States.QueryEvaluationError, with AWS's cause",
		definition: {
			QueryLanguage: "JSONata",
			StartAt: "S0",
			States: {
				S0: { Type: "Pass", Next: "S1" },
				S1: { Type: "Pass", Output: { result: "{% $doesNotExist %}" }, End: true },
			},
		},
		compareCause: true,
		expected: [
			failed(
				"States.QueryEvaluationError",
				at(
					"S1",
					4,
					"The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).",
				),
			),
		],
		peerSkip: NO_JSONATA,
	},
	{
		name: "jsonata: Map Items that is not an array, and a failing expression",
		definition: {
			QueryLanguage: "JSONata",
			StartAt: "C",
			States: {
				C: {
					Type: "Choice",
					Choices: [{ Condition: "{% $states.input.kind = 'items' %}", Next: "M" }],
					Default: "Bad",
				},
				M: {
					Type: "Map",
					Items: "{% $states.input.v %}",
					ItemProcessor: { StartAt: "I", States: { I: { Type: "Pass", End: true } } },
					End: true,
				},
				Bad: { Type: "Pass", Output: "{% $nothing() %}", End: true },
			},
		},
		compareCause: true,
		inputs: [{ kind: "items", v: 1 }, { kind: "other" }],
		expected: [
			failed(
				"States.QueryEvaluationError",
				at(
					"M",
					4,
					"The JSONata expression '$states.input.v' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'number' for value: 1",
				),
			),
			failed(
				"States.QueryEvaluationError",
				at(
					"Bad",
					4,
					"The JSONata expression '$nothing()' specified for the field 'Output' threw an error during evaluation. T1006: Attempted to invoke a non-function",
				),
			),
		],
		peerSkip: NO_JSONATA,
	},
];

const MAP_CONTEXT = {
	StartAt: "M",
	States: {
		M: {
			Type: "Map",
			ItemsPath: "$.xs",
			ItemSelector: { "ctx.$": "$$" },
			ItemProcessor: { StartAt: "I", States: { I: { Type: "Pass", End: true } } },
			End: true,
		},
	},
};

const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

function expectSucceeded(o: Outcome): unknown {
	if (o.status !== "SUCCEEDED") throw new Error(`expected success, got ${JSON.stringify(o)}`);
	return o.output;
}

function expectEqual(what: string, actual: unknown, expected: unknown): void {
	if (JSON.stringify(actual) !== JSON.stringify(expected))
		throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export const contextPrograms: ConformanceCase[] = [
	{
		name: "context: the whole $$ of a Pass state, in AWS's order and formats",
		definition: {
			StartAt: "TestState",
			States: { TestState: { Type: "Pass", Parameters: { "ctx.$": "$$" }, End: true } },
		},
		inputs: [{ "input-value": 0 }],
		expected: [
			(o) => {
				const { ctx } = expectSucceeded(o) as { ctx: Record<string, Record<string, unknown>> };
				expectEqual("keys", Object.keys(ctx), ["Execution", "StateMachine", "State"]);
				const ex = ctx.Execution!;
				expectEqual("Execution keys", Object.keys(ex), ["Id", "Input", "StartTime", "Name", "RoleArn", "RedriveCount"]);
				expectEqual("Execution.Input", ex.Input, { "input-value": 0 });
				expectEqual("RedriveCount", ex.RedriveCount, 0);
				if (ex.Id !== `${String(ctx.StateMachine!.Id).replace(":stateMachine:", ":execution:")}:${String(ex.Name)}`)
					throw new Error(`Execution.Id ${String(ex.Id)} is not the machine's execution ${String(ex.Name)}`);
				if (!ISO_MS.test(String(ex.StartTime))) throw new Error(`StartTime ${String(ex.StartTime)}`);
				expectEqual("StateMachine keys", Object.keys(ctx.StateMachine!), ["Id", "Name"]);
				expectEqual("State keys", Object.keys(ctx.State!), ["Name", "EnteredTime"]);
				expectEqual("State.Name", ctx.State!.Name, "TestState");
				if (!ISO_MS.test(String(ctx.State!.EnteredTime)))
					throw new Error(`EnteredTime ${String(ctx.State!.EnteredTime)}`);
			},
		],
		peerSkip: "its context object holds only Execution.Input and Execution.StartTime unless mocked",
	},
	{
		name: "context: a Task's $$.State has RetryCount, counting retries",
		definition: {
			StartAt: "T",
			States: {
				T: {
					Type: "Task",
					Resource: lambda("flaky"),
					Parameters: { "state.$": "$$.State" },
					Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 1, MaxAttempts: 3 }],
					End: true,
				},
			},
		},
		functions: () => {
			let calls = 0;
			return {
				flaky: (p) => {
					if (++calls < 3) throw new Error("again");
					return p.state;
				},
			};
		},
		expected: [
			(o) => {
				const state = expectSucceeded(o) as Record<string, unknown>;
				expectEqual("State keys", Object.keys(state), ["Name", "EnteredTime", "RetryCount"]);
				expectEqual("RetryCount", state.RetryCount, 2);
			},
		],
		peerSkip: "its context object holds only Execution.Input and Execution.StartTime unless mocked",
	},
	{
		name: "context: $$.Map.Item.Index and Value in ItemSelector",
		definition: MAP_CONTEXT,
		inputs: [{ xs: ["a", { b: 1 }] }],
		expected: [
			(o) => {
				const out = expectSucceeded(o) as { ctx: Record<string, unknown> }[];
				expectEqual("items", out.length, 2);
				expectEqual("Map", out[1]!.ctx.Map, { Item: { Index: 1, Value: { b: 1 } } });
				expectEqual("State.Name", (out[0]!.ctx.State as { Name: string }).Name, "M");
			},
		],
		peerSkip: "its context object holds only Execution.Input and Execution.StartTime unless mocked",
	},
];

export const runtimeCausePrograms: ConformanceCase[] = [
	{
		name: "runtime cause: InputPath and OutputPath selecting nothing",
		definition: {
			StartAt: "C",
			States: {
				C: { Type: "Choice", Choices: [{ Variable: "$.which", StringEquals: "in", Next: "In" }], Default: "Out" },
				In: { Type: "Pass", InputPath: "$.NoSuchInputPath", End: true },
				Out: { Type: "Pass", OutputPath: "$.no.such.result.path", End: true },
			},
		},
		compareCause: true,
		inputs: [{ which: "in" }, { which: "out" }, { which: "out", no: "text" }, { which: "out", no: { such: [1] } }],
		expected: [
			failed(
				"States.Runtime",
				at("In", 4, "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']"),
			),
			failed("States.Runtime", at("Out", 4, "Invalid path '$.no.such.result.path' : Missing property in path $['no']")),
			// Jayway's words (AWS evaluates paths with Jayway JSONPath, default JSON provider)
			failed(
				"States.Runtime",
				at(
					"Out",
					4,
					"Invalid path '$.no.such.result.path' : Expected to find an object with property ['such'] in path $['no'] but found 'java.lang.String'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.",
				),
			),
			failed(
				"States.Runtime",
				at(
					"Out",
					4,
					"Invalid path '$.no.such.result.path' : Expected to find an object with property ['result'] in path $['no']['such'] but found 'net.minidev.json.JSONArray'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.",
				),
			),
		],
		peer: { differs: NO_PREFIX, docs: DOCS.errors },
	},
	{
		name: "runtime cause: Parameters path, TimeoutSecondsPath and ErrorPath selecting nothing",
		definition: {
			StartAt: "C",
			States: {
				C: {
					Type: "Choice",
					Choices: [
						{ Variable: "$.which", StringEquals: "params", Next: "Params" },
						{ Variable: "$.which", StringEquals: "timeout", Next: "Task" },
					],
					Default: "Fail",
				},
				Params: { Type: "Pass", Parameters: { "value.$": "$.no_such_jsonpath" }, End: true },
				Task: { Type: "Task", Resource: lambda("echo"), TimeoutSecondsPath: "$.NoSuchTimeoutSecondsPath", End: true },
				Fail: { Type: "Fail", ErrorPath: "$.ErrorX", Cause: "c" },
			},
		},
		functions: () => ({ echo: (p) => p }),
		compareCause: true,
		inputs: [{ which: "params" }, { which: "timeout" }, { which: "fail" }],
		expected: [
			failed(
				"States.Runtime",
				at(
					"Params",
					4,
					`The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{"which":"params"}'`,
				),
			),
			failed(
				"States.Runtime",
				at("Task", 4, "Invalid path '$.NoSuchTimeoutSecondsPath' : No results for path: $['NoSuchTimeoutSecondsPath']"),
			),
			failed(
				"States.Runtime",
				at(
					"Fail",
					4,
					`The JSONPath '$.ErrorX' specified for the field 'ErrorPath' could not be found in the input '{"which":"fail"}'`,
				),
			),
		],
		peer: { differs: NO_PREFIX, docs: DOCS.errors },
	},
	{
		name: "runtime cause: a Choice Variable that selects nothing",
		definition: {
			StartAt: "IsDataset",
			States: {
				IsDataset: {
					Type: "Choice",
					Choices: [{ Variable: "$.processing_type", StringEquals: "dataset", Next: "Yes" }],
					Default: "No",
				},
				Yes: { Type: "Pass", End: true },
				No: { Type: "Pass", End: true },
			},
		},
		compareCause: true,
		inputs: [{}],
		expected: [
			failed(
				"States.Runtime",
				at(
					"IsDataset",
					2,
					"Invalid path '$.processing_type': The choice state's condition path references an invalid value.",
				),
			),
		],
		peer: { differs: NO_PREFIX, docs: DOCS.errors },
	},
	{
		name: "runtime cause: Wait TimestampPath that is not RFC 3339 (no T, no zone, bad month)",
		definition: {
			StartAt: "WaitUntil",
			States: { WaitUntil: { Type: "Wait", TimestampPath: "$.TimestampValue", End: true } },
		},
		compareCause: true,
		inputs: [
			{ TimestampValue: "2016-12-05 21:29:29Z" },
			{ TimestampValue: "2016-12-05T21:29:29" },
			{ TimestampValue: "2016-13-05T21:29:29Z" },
			{ TimestampValue: "2016-12-05T21:29:29.5+08:00" },
		],
		expected: [
			failed(
				"States.Runtime",
				at(
					"WaitUntil",
					2,
					"The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.TimestampValue == 2016-12-05 21:29:29Z",
				),
			),
			failed(
				"States.Runtime",
				at(
					"WaitUntil",
					2,
					"The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.TimestampValue == 2016-12-05T21:29:29",
				),
			),
			failed(
				"States.Runtime",
				at(
					"WaitUntil",
					2,
					"The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.TimestampValue == 2016-13-05T21:29:29Z",
				),
			),
			ok({ TimestampValue: "2016-12-05T21:29:29.5+08:00" }),
		],
		peer: { differs: "accepts a timestamp without T or zone and words the cause its own way", docs: DOCS.wait },
	},
	{
		name: "runtime cause: Wait SecondsPath negative, fractional or missing",
		definition: {
			StartAt: "WaitState",
			States: { WaitState: { Type: "Wait", SecondsPath: "$.input.waitSeconds", End: true } },
		},
		compareCause: true,
		inputs: [{ input: { waitSeconds: -1 } }, { input: { waitSeconds: 1.5 } }, { input: {} }],
		expected: [
			failed(
				"States.Runtime",
				at("WaitState", 2, "The SecondsPath parameter references a negative value: $.input.waitSeconds == -1"),
			),
			failed(
				"States.Runtime",
				at("WaitState", 2, "The SecondsPath parameter cannot be parsed as a long value: $.input.waitSeconds == 1.5"),
			),
			failed(
				"States.Runtime",
				at("WaitState", 2, "The SecondsPath parameter does not reference an input value: $.input.waitSeconds"),
			),
		],
		peer: { differs: NO_PREFIX, docs: DOCS.wait },
	},
	{
		name: "runtime cause: MaxConcurrencyPath not a number (a numeric string is read)",
		definition: {
			StartAt: "MapState",
			States: {
				MapState: {
					Type: "Map",
					ItemsPath: "$.Values",
					MaxConcurrencyPath: "$.MaxConcurrencyValue",
					ItemProcessor: { StartAt: "H", States: { H: { Type: "Pass", End: true } } },
					End: true,
				},
			},
		},
		compareCause: true,
		inputs: [
			{ Values: [1, 2], MaxConcurrencyValue: "NoNumber" },
			{ Values: [1, 2], MaxConcurrencyValue: {} },
			{ Values: [1, 2], MaxConcurrencyValue: "1" },
		],
		expected: [
			failed(
				"States.Runtime",
				at(
					"MapState",
					2,
					'The MaxConcurrencyPath field refers to value "NoNumber" which is not a valid integer: $.MaxConcurrencyValue',
				),
			),
			failed(
				"States.Runtime",
				at(
					"MapState",
					2,
					'The MaxConcurrencyPath field refers to value "{}" which is not a valid integer: $.MaxConcurrencyValue',
				),
			),
			ok([1, 2]),
		],
		peerSkip: "does not support MaxConcurrencyPath",
	},
	{
		name: "runtime cause: a state inside a Map names its own entered event",
		definition: {
			StartAt: "M",
			States: {
				M: {
					Type: "Map",
					ItemProcessor: { StartAt: "I", States: { I: { Type: "Pass", InputPath: "$.missing", End: true } } },
					End: true,
				},
			},
		},
		compareCause: true,
		inputs: [[{}]],
		expected: [failed("States.Runtime", at("I", 5, "Invalid path '$.missing' : No results for path: $['missing']"))],
		peer: { differs: NO_PREFIX, docs: DOCS.errors },
	},
	{
		name: "fail: without Error and Cause inside Map and Parallel fails the execution without either",
		definition: {
			StartAt: "C",
			States: {
				C: { Type: "Choice", Choices: [{ Variable: "$.in", StringEquals: "map", Next: "M" }], Default: "P" },
				M: {
					Type: "Map",
					ItemsPath: "$.arr",
					ItemProcessor: { StartAt: "F1", States: { F1: { Type: "Fail" } } },
					Catch: [{ ErrorEquals: ["Internal Error"], Next: "Caught" }],
					End: true,
				},
				P: { Type: "Parallel", Branches: [{ StartAt: "F2", States: { F2: { Type: "Fail" } } }], End: true },
				Caught: { Type: "Pass", End: true },
			},
		},
		compareCause: true,
		inputs: [{ in: "map", arr: [1] }, { in: "parallel" }],
		expected: [failed(undefined), failed(undefined)],
		peer: {
			differs: "reports FailStateError with a made-up cause",
			docs: "https://docs.aws.amazon.com/step-functions/latest/dg/state-fail.html",
		},
	},
];
