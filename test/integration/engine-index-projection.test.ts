/**
 * The engine's executions table indexes copy only what their readers read (local/stepfunctions/
 * tables.ts): a checkpoint — the execution document and its history tail, tens of KB — is written to
 * the table alone, not again into each index. ListExecutions is served from `byMachine`, and resuming
 * on start finds running executions through the keys of `running`.
 */
import { DynamoDBClient, QueryCommand } from "@aws-sdk/client-dynamodb";
import { CreateStateMachineCommand, ListExecutionsCommand, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXECUTION_ATTRIBUTES as EXECUTION } from "#local/stepfunctions/store-format.ts";
import { sfnExecutionsTable, sfnTableName } from "#local/stepfunctions/tables.ts";
import { startTestEngine, type TestEngine } from "../conformance/harness.ts";

const waitAWeek = {
	StartAt: "Wait",
	States: { Wait: { Type: "Wait", Seconds: 604800, Next: "Done" }, Done: { Type: "Succeed" } },
};

let t: TestEngine;
const ddb = new DynamoDBClient({});
beforeAll(async () => {
	t = await startTestEngine({});
});
afterAll(async () => {
	ddb.destroy();
	await t.close();
});

describe("the engine's execution indexes", () => {
	it("hold keys and the listing's fields, never the document or the history tail", async () => {
		// Prepare
		const { stateMachineArn } = await t.sfn.send(
			new CreateStateMachineCommand({
				name: "waits",
				definition: JSON.stringify(waitAWeek),
				roleArn: "arn:aws:iam::000000000000:role/x",
			}),
		);
		const { executionArn } = await t.sfn.send(
			new StartExecutionCommand({ stateMachineArn, name: "week-1", input: JSON.stringify({ big: "x".repeat(5000) }) }),
		);
		const table = sfnTableName(sfnExecutionsTable, t.prefix);

		// Act
		const queryIndex = (index: string, key: string, value: string) =>
			ddb.send(
				new QueryCommand({
					TableName: table,
					IndexName: index,
					KeyConditionExpression: "#k = :v",
					ExpressionAttributeNames: { "#k": key },
					ExpressionAttributeValues: { ":v": { S: value } },
				}),
			);
		const byMachine = await queryIndex("byMachine", EXECUTION.stateMachineArn, stateMachineArn!);
		const running = await queryIndex("running", EXECUTION.running, "1");
		const listed = await t.sfn.send(new ListExecutionsCommand({ stateMachineArn }));

		// Assess
		const mine = (running.Items ?? []).filter((it) => it[EXECUTION.arn]?.S === executionArn);
		expect(mine).toHaveLength(1);
		expect(Object.keys(mine[0]!).sort()).toEqual([EXECUTION.arn, EXECUTION.running].sort());
		expect(byMachine.Items).toHaveLength(1);
		const row = byMachine.Items![0]!;
		expect(row[EXECUTION.document]).toBeUndefined();
		expect(row[EXECUTION.historyTail]).toBeUndefined();
		expect(Object.keys(row).sort()).toEqual(
			[EXECUTION.arn, EXECUTION.stateMachineArn, EXECUTION.startDate, EXECUTION.status, EXECUTION.name].sort(),
		);
		expect(listed.executions).toEqual([
			expect.objectContaining({ executionArn, name: "week-1", status: "RUNNING", stateMachineArn }),
		]);
	});
});
