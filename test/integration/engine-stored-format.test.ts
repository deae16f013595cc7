/**
 * A data dir written by an earlier version opens: items exactly as that version stored them (raw
 * DynamoDB items, its attribute names, its document format) are listed, described and resumed by
 * this engine, and its closed task tokens still answer TaskTimedOut.
 */
import { createHash } from "node:crypto";
import { type AttributeValue, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { SendTaskSuccessCommand, TaskTimedOut } from "@aws-sdk/client-sfn";
import { afterAll, describe, expect, it } from "vitest";
import { virtualClock } from "#local/clock.ts";
import { createDynamoDbStore, sfnTableName, sfnTables } from "#local/stepfunctions/index.ts";
import { startTestEngine, type TestEngine, uniquePrefix } from "../conformance/harness.ts";

const START = Date.parse("2025-05-01T00:00:00.000Z");
const SM = "arn:aws:states:local:000000000000:stateMachine:stored";
const RUNNING = "arn:aws:states:local:000000000000:execution:stored:waiting";
const DONE = "arn:aws:states:local:000000000000:execution:stored:done";
const definition = JSON.stringify({
	StartAt: "W",
	States: { W: { Type: "Wait", Seconds: 60, Next: "P" }, P: { Type: "Pass", Result: "after", End: true } },
});
const defId = createHash("sha256").update(definition).digest("hex").slice(0, 32);
/** A token of the waiting execution that an earlier task closed by timing out ("t" in that version). */
const closedToken = `${Buffer.from(RUNNING).toString("base64url")}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`;

const S = (value: string): AttributeValue => ({ S: value });
const N = (value: number): AttributeValue => ({ N: String(value) });

/** The items an earlier version wrote for one state machine and two executions. */
function storedItems(): { table: string; item: Record<string, AttributeValue> }[] {
	const started = (arn: string) => ({
		id: 1,
		previousEventId: 0,
		timestamp: START,
		type: "ExecutionStarted",
		executionStartedEventDetails: {
			input: "{}",
			inputDetails: { truncated: false },
			roleArn: "arn:aws:iam::000000000000:role/r",
		},
		arn,
	});
	const waitEntered = {
		id: 2,
		previousEventId: 0,
		timestamp: START,
		type: "WaitStateEntered",
		stateEnteredEventDetails: { name: "W", input: "{}", inputDetails: { truncated: false } },
	};
	const machine = {
		arn: SM,
		name: "stored",
		definition,
		defId,
		roleArn: "arn:aws:iam::000000000000:role/r",
		type: "STANDARD",
		createdMs: START,
		revisionId: "r1",
	};
	const doc = (arn: string, name: string, extra: Record<string, unknown>) => ({
		arn,
		name,
		smArn: SM,
		smName: "stored",
		defId,
		inputText: "{}",
		roleArn: machine.roleArn,
		startMs: START,
		nextEventId: 3,
		nextThread: 1,
		...extra,
	});
	const running = doc(RUNNING, "waiting", {
		status: "RUNNING",
		threads: {
			"0": {
				id: "0",
				scope: "",
				state: "W",
				input: {},
				entered: START,
				lastEvent: 2,
				phase: { k: "wait", until: START + 60_000 },
				seq: 1,
			},
		},
		closedTokens: { [closedToken]: "t" },
	});
	const done = doc(DONE, "done", {
		status: "SUCCEEDED",
		stopMs: START + 1000,
		output: '"after"',
		threads: {},
		closedTokens: {},
	});
	const { arn: _a, ...doneStarted } = started(DONE);
	const { arn: _b, ...runningStarted } = started(RUNNING);
	return [
		{ table: "sfn-machines", item: { arn: S(`def#${defId}`), text: S(definition), kind: S("def") } },
		{ table: "sfn-machines", item: { arn: S(SM), j: S(JSON.stringify(machine)), kind: S("sm") } },
		{
			table: "sfn-executions",
			item: {
				arn: S(RUNNING),
				d: S(JSON.stringify(running)),
				t: S(JSON.stringify([runningStarted, waitEntered])),
				st: S("RUNNING"),
				sm: S(SM),
				sd: N(START),
				nm: S("waiting"),
				run: S("1"),
			},
		},
		{
			table: "sfn-executions",
			item: {
				arn: S(DONE),
				d: S(JSON.stringify(done)),
				t: S("[]"),
				st: S("SUCCEEDED"),
				sm: S(SM),
				sd: N(START - 1),
				nm: S("done"),
				sp: N(START + 1000),
			},
		},
		{ table: "sfn-history", item: { arn: S(DONE), id: N(1), ev: S(JSON.stringify([doneStarted])) } },
	];
}

describe("a data dir written by an earlier version", () => {
	let t: TestEngine | undefined;
	afterAll(async () => {
		await t?.close();
	});

	it("opens: executions are listed, described and resumed, closed tokens still answer TaskTimedOut", async () => {
		const prefix = uniquePrefix();
		const setup = createDynamoDbStore({ prefix });
		await setup.init();
		await setup.close();
		const client = new DynamoDBClient({});
		expect(sfnTables.map((s) => sfnTableName(s))).toEqual(["sfn-machines", "sfn-executions", "sfn-history"]);
		for (const { table, item } of storedItems())
			await client.send(new PutItemCommand({ TableName: `${prefix}${table}`, Item: item }));
		client.destroy();

		const clock = virtualClock(START + 1000);
		t = await startTestEngine({ prefix, clock });
		const { engine } = t;
		const listed = await engine.listExecutions({ stateMachineArn: SM });
		expect(listed.executions.map((e) => [e.name, e.status])).toEqual([
			["waiting", "RUNNING"],
			["done", "SUCCEEDED"],
		]);
		expect((await engine.describeExecution({ executionArn: DONE })).output).toBe('"after"');
		expect((await engine.getExecutionHistory({ executionArn: DONE })).events.map((e) => e.type)).toEqual([
			"ExecutionStarted",
		]);

		await clock.advance(120_000);
		const resumed = await engine.describeExecution({ executionArn: RUNNING });
		expect([resumed.status, resumed.output]).toEqual(["SUCCEEDED", '"after"']);
		const history = await engine.getExecutionHistory({ executionArn: RUNNING });
		expect(history.events.map((e) => e.type)).toEqual([
			"ExecutionStarted",
			"WaitStateEntered",
			"WaitStateExited",
			"PassStateEntered",
			"PassStateExited",
			"ExecutionSucceeded",
		]);
		await expect(
			t.sfn.send(new SendTaskSuccessCommand({ taskToken: closedToken, output: "{}" })),
		).rejects.toBeInstanceOf(TaskTimedOut);
	});
});
