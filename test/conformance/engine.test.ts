/**
 * Engine behaviour the peer cannot be compared on: restart and resume, execution timeouts, retry
 * back-off in (virtual) time, AWS event and result shapes, the clock endpoint, fairness.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type Clock, realClock, virtualClock } from "#local/clock.ts";
import { startGateway } from "#local/gateway.ts";
import { clockEndpoint } from "#local/local-endpoints.ts";
import {
	createEngine,
	createMemoryStore,
	type Engine,
	type EngineStore,
	type InvokeFn,
	substitute,
} from "#local/stepfunctions/index.ts";
import { evaluateIntrinsic } from "#local/stepfunctions/intrinsics.ts";

const START = Date.parse("2025-03-01T00:00:00.000Z");
const engines: Engine[] = [];

async function engineOn<C extends Clock>(store: EngineStore, clock: C, invoke?: InvokeFn) {
	const engine = createEngine({ store, clock, ...(invoke ? { invoke } : {}), settleInvocationsMs: 50 });
	engines.push(engine);
	await engine.start();
	return { engine, clock };
}

afterEach(async () => {
	for (const e of engines.splice(0)) await e.stop();
});

async function start(engine: Engine, name: string, definition: object, input: unknown = {}) {
	const { stateMachineArn } = await engine.createStateMachine({ name, definition: JSON.stringify(definition) });
	return (await engine.startExecution({ stateMachineArn, input: JSON.stringify(input) })).executionArn;
}

describe("engine", () => {
	it("resumes executions in a new engine on the same store: timers and tasks in flight", async () => {
		const store = createMemoryStore();
		const clock = virtualClock(START);
		let calls = 0;
		const hang: InvokeFn = async () => {
			calls++;
			return new Promise(() => undefined);
		};
		const a = await engineOn(store, clock, hang);
		const waiting = await start(a.engine, "resume-wait", {
			StartAt: "W",
			States: { W: { Type: "Wait", Seconds: 60, Next: "P" }, P: { Type: "Pass", Result: "after", End: true } },
		});
		const working = await start(a.engine, "resume-task", {
			StartAt: "T",
			States: { T: { Type: "Task", Resource: "arn:aws:lambda:local:000000000000:function:slow", End: true } },
		});
		await clock.settle();
		expect(calls).toBe(1);
		await a.engine.stop();
		await clock.advance(120_000); // nothing runs: the engine is stopped
		expect((await a.engine.describeExecution({ executionArn: waiting })).status).toBe("RUNNING");

		let again = 0;
		const b = await engineOn(store, clock, async (_n, payload) => {
			again++;
			return { redone: payload };
		});
		await clock.settle();
		expect(again).toBe(1); // at-least-once: the task in flight at the stop is invoked again
		expect(await b.engine.describeExecution({ executionArn: working })).toMatchObject({
			status: "SUCCEEDED",
			output: JSON.stringify({ redone: {} }),
		});
		expect(await b.engine.describeExecution({ executionArn: waiting })).toMatchObject({
			status: "SUCCEEDED",
			output: '"after"',
		});
	});

	it("keeps variables in the checkpoint: a new engine resumes inside a Map with the outer and inner variables", async () => {
		const store = createMemoryStore();
		const clock = virtualClock(START);
		const a = await engineOn(store, clock);
		const arn = await start(
			a.engine,
			"resume-variables",
			{
				StartAt: "Set",
				States: {
					Set: { Type: "Pass", Assign: { x: "outer", "items.$": "$.items" }, Next: "M" },
					M: {
						Type: "Map",
						ItemsPath: "$items",
						ItemProcessor: {
							StartAt: "Own",
							States: {
								Own: { Type: "Pass", Assign: { "mine.$": "$" }, Next: "W" },
								W: { Type: "Wait", Seconds: 60, Assign: { waited: true }, Next: "Read" },
								Read: {
									Type: "Pass",
									Parameters: { "x.$": "$x", "mine.$": "$mine", "waited.$": "$waited" },
									End: true,
								},
							},
						},
						Next: "Out",
					},
					Out: { Type: "Pass", Parameters: { "x.$": "$x", "r.$": "$" }, End: true },
				},
			},
			{ items: [1, 2] },
		);
		await clock.settle();
		await a.engine.stop();
		const saved = await store.getExecution(arn);
		expect(Object.values(saved!.threads).map((t) => t.vars)).toEqual(
			expect.arrayContaining([{ x: "outer", items: [1, 2] }, { mine: 1 }, { mine: 2 }]),
		);

		const b = await engineOn(store, clock);
		await clock.advance(61_000);
		expect(await b.engine.describeExecution({ executionArn: arn })).toMatchObject({
			status: "SUCCEEDED",
			output: JSON.stringify({
				x: "outer",
				r: [
					{ x: "outer", mine: 1, waited: true },
					{ x: "outer", mine: 2, waited: true },
				],
			}),
		});
	});

	it("a plain task reached from a timer is not checkpointed before it runs: after a crash the timer fires again and the task runs again", async () => {
		const store = createMemoryStore();
		const definition = {
			StartAt: "W",
			States: {
				W: { Type: "Wait", Seconds: 60, Next: "T" },
				T: { Type: "Task", Resource: "arn:aws:lambda:local:000000000000:function:work", End: true },
			},
		};
		// Prepare: engine A reaches the task through the Wait's timer and is then lost (never stopped).
		const clockA = virtualClock(START);
		let first = 0;
		const a = createEngine({
			store,
			clock: clockA,
			settleInvocationsMs: 50,
			invoke: async () => {
				first++;
				return new Promise(() => undefined);
			},
		});
		await a.start();
		const arn = await start(a, "replay-timer", definition);
		await clockA.advance(60_000);
		expect(first).toBe(1);
		expect((await store.getExecution(arn))?.threads["0"]?.phase.kind).toBe("wait"); // the last checkpoint

		// Act: a new engine on the same store, later.
		const clockB = virtualClock(START + 120_000);
		let again = 0;
		const b = await engineOn(store, clockB, async () => {
			again++;
			return "done";
		});
		await clockB.settle();

		// Assess: the last checkpoint was the Wait; it fired at once and the task ran again, once.
		expect(again).toBe(1);
		expect(await b.engine.describeExecution({ executionArn: arn })).toMatchObject({
			status: "SUCCEEDED",
			output: '"done"',
		});
		const types = (await b.engine.getExecutionHistory({ executionArn: arn, maxResults: 1000 })).events.map(
			(e) => e.type,
		);
		expect(types.filter((t) => t === "WaitStateExited")).toHaveLength(1);
		expect(types.filter((t) => t === "LambdaFunctionScheduled")).toHaveLength(1);
		expect(types.at(-1)).toBe("ExecutionSucceeded");
	});

	it("times out an execution (top-level TimeoutSeconds)", async () => {
		const { engine, clock } = await engineOn(createMemoryStore(), virtualClock(START));
		const arn = await start(engine, "exec-timeout", {
			TimeoutSeconds: 30,
			StartAt: "W",
			States: { W: { Type: "Wait", Seconds: 3600, End: true } },
		});
		await clock.advance(29_000);
		expect((await engine.describeExecution({ executionArn: arn })).status).toBe("RUNNING");
		await clock.advance(1000);
		expect(await engine.describeExecution({ executionArn: arn })).toMatchObject({
			status: "TIMED_OUT",
			error: "States.Timeout",
		});
		const h = await engine.getExecutionHistory({ executionArn: arn, reverseOrder: true, maxResults: 1 });
		expect(h.events[0]?.type).toBe("ExecutionTimedOut");
	});

	it("spaces retries by IntervalSeconds × BackoffRate^n, capped by MaxDelaySeconds", async () => {
		const clock = virtualClock(START);
		const { engine } = await engineOn(createMemoryStore(), clock, async () => {
			throw Object.assign(new Error("down"), { name: "Db.Down" });
		});
		const arn = await start(engine, "backoff", {
			StartAt: "T",
			States: {
				T: {
					Type: "Task",
					Resource: "arn:aws:lambda:local:000000000000:function:db",
					Retry: [
						{ ErrorEquals: ["Db.Down"], IntervalSeconds: 2, BackoffRate: 3, MaxDelaySeconds: 10, MaxAttempts: 4 },
					],
					End: true,
				},
			},
		});
		await clock.advance(3600_000);
		const d = await engine.describeExecution({ executionArn: arn });
		expect(d.status).toBe("FAILED");
		expect(d.error).toBe("Db.Down");
		const cause = JSON.parse(d.cause!);
		expect(Object.keys(cause)).toEqual(["errorMessage", "errorType", "trace"]);
		expect(cause).toMatchObject({ errorMessage: "down", errorType: "Db.Down" });
		const h = await engine.getExecutionHistory({ executionArn: arn, maxResults: 1000 });
		const times = h.events
			.filter((e) => e.type === "LambdaFunctionScheduled")
			.map((e) => (e.timestamp as Date).getTime());
		expect(times.slice(1).map((t, i) => t - times[i]!)).toEqual([2000, 6000, 10_000, 10_000]);
	});

	it("wraps lambda:invoke results like AWS and accepts every FunctionName form", async () => {
		const names: string[] = [];
		const clock = virtualClock(START);
		const { engine } = await engineOn(createMemoryStore(), clock, async (name, payload) => {
			names.push(name);
			return payload;
		});
		const task = (fn: string, resultPath: string, next?: string) => ({
			Type: "Task",
			Resource: "arn:aws:states:::lambda:invoke",
			Parameters: { FunctionName: fn, Payload: { fn } },
			ResultPath: resultPath,
			...(next ? { Next: next } : { End: true }),
		});
		const arn = await start(engine, "invoke-shapes", {
			StartAt: "A",
			States: {
				A: task("arn:aws:lambda:local:000000000000:function:openTask", "$.a", "B"),
				B: task("arn:aws:lambda:local:000000000000:function:openTask:live", "$.b", "C"),
				C: task("000000000000:function:openTask", "$.c", "D"),
				D: task("openTask", "$.d"),
			},
		});
		await clock.settle();
		expect(names).toEqual(["openTask", "openTask", "openTask", "openTask"]);
		const out = JSON.parse((await engine.describeExecution({ executionArn: arn })).output!);
		expect(Object.keys(out.a)).toEqual([
			"ExecutedVersion",
			"Payload",
			"SdkHttpMetadata",
			"SdkResponseMetadata",
			"StatusCode",
		]);
		expect(out.a).toMatchObject({
			ExecutedVersion: "$LATEST",
			Payload: { fn: "arn:aws:lambda:local:000000000000:function:openTask" },
			StatusCode: 200,
			SdkHttpMetadata: { HttpStatusCode: 200 },
		});
		expect(out.a.SdkResponseMetadata.RequestId).toMatch(/^[0-9a-f-]{36}$/);
	});

	it("records Parallel and Map events with AWS's names", async () => {
		const { engine, clock } = await engineOn(createMemoryStore(), virtualClock(START));
		const arn = await start(
			engine,
			"events",
			{
				StartAt: "Par",
				States: {
					Par: {
						Type: "Parallel",
						Branches: [{ StartAt: "A", States: { A: { Type: "Pass", End: true } } }],
						Next: "Map",
					},
					Map: {
						Type: "Map",
						ItemsPath: "$[0].xs",
						ItemProcessor: { StartAt: "I", States: { I: { Type: "Pass", End: true } } },
						End: true,
					},
				},
			},
			{ xs: [1, 2] },
		);
		await clock.settle();
		const types = (await engine.getExecutionHistory({ executionArn: arn, maxResults: 100 })).events.map((e) =>
			String(e.type),
		);
		// iterations run concurrently: their events interleave, so compare the middle as a multiset
		const sortMiddle = (xs: string[]) => [...xs.slice(0, 11), ...xs.slice(11, 17).sort(), ...xs.slice(17)];
		expect(sortMiddle(types)).toEqual(
			sortMiddle([
				"ExecutionStarted",
				"ParallelStateEntered",
				"ParallelStateStarted",
				"PassStateEntered",
				"PassStateExited",
				"ParallelStateSucceeded",
				"ParallelStateExited",
				"MapStateEntered",
				"MapStateStarted",
				"MapIterationStarted",
				"MapIterationStarted",
				"PassStateEntered",
				"PassStateExited",
				"PassStateEntered",
				"PassStateExited",
				"MapIterationSucceeded",
				"MapIterationSucceeded",
				"MapStateSucceeded",
				"MapStateExited",
				"ExecutionSucceeded",
			]),
		);
		const started = (await engine.getExecutionHistory({ executionArn: arn, maxResults: 100 })).events.find(
			(e) => e.type === "MapStateStarted",
		);
		expect(started?.mapStateStartedEventDetails).toEqual({ length: 2 });
	});

	it("checkpoints long Pass/Choice loops and keeps the whole history", async () => {
		const store = createMemoryStore();
		const { engine, clock } = await engineOn(store, virtualClock(START));
		const arn = await start(
			engine,
			"long-loop",
			{
				StartAt: "Inc",
				States: {
					Inc: { Type: "Pass", Parameters: { "n.$": "States.MathAdd($.n, 1)" }, Next: "More" },
					More: { Type: "Choice", Choices: [{ Variable: "$.n", NumericLessThan: 500, Next: "Inc" }], Default: "Done" },
					Done: { Type: "Succeed" },
				},
			},
			{ n: 0 },
		);
		await clock.settle();
		expect((await engine.describeExecution({ executionArn: arn })).output).toBe('{"n":500}');
		const stored = await store.getHistory(arn);
		expect(stored).toHaveLength(1 + 500 * 4 + 2 + 1);
		expect(stored.map((e) => e.id)).toEqual(stored.map((_, i) => i + 1));
	});

	it("stops an endless Pass loop: processing yields between batches", async () => {
		const { engine } = await engineOn(createMemoryStore(), realClock());
		const arn = await start(engine, "endless", {
			StartAt: "A",
			States: {
				A: { Type: "Pass", Next: "B" },
				B: { Type: "Choice", Choices: [{ Variable: "$.stop", IsPresent: true, Next: "Done" }], Default: "A" },
				Done: { Type: "Succeed" },
			},
		});
		await new Promise((r) => setTimeout(r, 20));
		await engine.stopExecution({ executionArn: arn, error: "Loop", cause: "forever" });
		expect(await engine.describeExecution({ executionArn: arn })).toMatchObject({
			status: "ABORTED",
			error: "Loop",
			cause: "forever",
		});
	});

	it("a virtual clock moves only by advance(), firing due timers in order", async () => {
		const clock = virtualClock(START);
		const fired: string[] = [];
		clock.setTimer(START + 2000, () => fired.push("b"));
		clock.setTimer(START + 1000, () => fired.push("a"));
		const cancelled = clock.setTimer(START + 1500, () => fired.push("x"));
		cancelled.cancel();
		clock.setTimer(START + 9000, () => fired.push("late"));
		await new Promise((r) => setTimeout(r, 10));
		expect(fired).toEqual([]);
		expect(await clock.advance(2000)).toBe(START + 2000);
		expect(fired).toEqual(["a", "b"]);
		expect(clock.now()).toBe(START + 2000);
	});

	it("serves POST /local/clock/advance with {days} or {seconds}, in the api.md error shape", async () => {
		const clock = virtualClock(START);
		const virtual = await startGateway({
			port: 0,
			routes: [],
			mounts: { "/local/clock/advance": clockEndpoint(clock) },
		});
		const real = await startGateway({
			port: 0,
			routes: [],
			mounts: { "/local/clock/advance": clockEndpoint(realClock()) },
		});
		const post = (g: typeof virtual, body: unknown) =>
			fetch(`${g.url}/local/clock/advance`, { method: "POST", body: JSON.stringify(body) });
		try {
			const r1 = await post(virtual, { days: 2 });
			expect(await r1.json()).toEqual({ now: new Date(START + 2 * 86_400_000).toISOString() });
			await post(virtual, { seconds: 30 });
			expect(clock.now()).toBe(START + 2 * 86_400_000 + 30_000);
			const bad = await post(virtual, { weeks: 1 });
			expect(bad.status).toBe(400);
			expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_FAILED");
			const refused = await post(real, { days: 1 });
			expect(refused.status).toBe(409);
			expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("CLOCK_NOT_VIRTUAL");
		} finally {
			await virtual.close();
			await real.close();
		}
	});

	it("substitutes placeholders (like CDK definitionSubstitutions) and evaluates escaped Format templates", () => {
		const ph = (name: string) => "$" + `{${name}}`;
		const text = `{"Resource":"${ph("Fn")}","Other":"${ph("Unknown")}"}`;
		expect(substitute(text, { Fn: "arn:aws:lambda:local:000000000000:function:openTask" })).toBe(
			`{"Resource":"arn:aws:lambda:local:000000000000:function:openTask","Other":"${ph("Unknown")}"}`,
		);
		expect(evaluateIntrinsic("States.Format('a \\{ {} \\} it\\'s', $.b)", { b: 1 }, () => ({}))).toBe("a { 1 } it's");
		expect(evaluateIntrinsic("States.StringSplit('a,,b, c', ', ')", {}, () => ({}))).toEqual(["a", "b", "c"]);
		expect(evaluateIntrinsic("States.MathAdd($.a, $.b)", { a: -1.5, b: 0.5 }, () => ({}))).toBe(0);
	});
});
