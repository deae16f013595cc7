/**
 * The embedded engine through its HTTP API with the real @aws-sdk/client-sfn: callbacks,
 * heartbeats, timeouts, idempotent starts, StopExecution, listing and history paging.
 * Executions persist to the run's DynamoDB Local; time is a virtual clock.
 */
import {
	CreateStateMachineCommand,
	DeleteStateMachineCommand,
	DescribeExecutionCommand,
	type DescribeExecutionCommandOutput,
	DescribeStateMachineCommand,
	ExecutionAlreadyExists,
	ExecutionDoesNotExist,
	GetExecutionHistoryCommand,
	InvalidArn,
	InvalidDefinition,
	InvalidToken,
	ListExecutionsCommand,
	ListStateMachinesCommand,
	SendTaskFailureCommand,
	SendTaskHeartbeatCommand,
	SendTaskSuccessCommand,
	StartExecutionCommand,
	StateMachineAlreadyExists,
	StateMachineDoesNotExist,
	StopExecutionCommand,
	TaskTimedOut,
	UpdateStateMachineCommand,
} from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InvokeContext } from "#local/stepfunctions/index.ts";
import { startTestEngine, type TestEngine } from "../conformance/harness.ts";

const LAMBDA = (name: string) => `arn:aws:lambda:local:000000000000:function:${name}`;

/** The shape the case-lifecycle workflow uses: callback with dynamic timeout, Choice, retried task. */
const lifecycle = {
	Comment: "callback with TimeoutSecondsPath and Catch States.Timeout, Choice, retried lambda:invoke",
	StartAt: "OpenTask",
	States: {
		OpenTask: {
			Type: "Task",
			Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
			Parameters: {
				// biome-ignore lint/suspicious/noTemplateCurlyInString: a definitionSubstitutions placeholder
				FunctionName: "${OpenTaskFn}",
				Payload: { "caseId.$": "$.caseId", "token.$": "$$.Task.Token", "state.$": "$$.State.Name" },
			},
			TimeoutSecondsPath: "$.dueSeconds",
			ResultPath: "$.decision",
			Catch: [{ ErrorEquals: ["States.Timeout"], ResultPath: "$.timeout", Next: "Overdue" }],
			Next: "Decide",
		},
		Decide: {
			Type: "Choice",
			Choices: [
				{ Variable: "$.decision.outcome", StringEquals: "accept", Next: "Record" },
				{ Variable: "$.decision.outcome", StringEquals: "reject", Next: "Rejected" },
			],
			Default: "OpenTask",
		},
		Overdue: { Type: "Pass", Result: "overdue", ResultPath: "$.status", Next: "Record" },
		Rejected: { Type: "Pass", Result: "rejected", ResultPath: "$.status", Next: "Record" },
		Record: {
			Type: "Task",
			Resource: "arn:aws:states:::lambda:invoke",
			Parameters: { FunctionName: LAMBDA("record"), "Payload.$": "$" },
			Retry: [{ ErrorEquals: ["Flaky"], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2 }],
			ResultSelector: { "recorded.$": "$.Payload.recorded", "status.$": "$.StatusCode" },
			ResultPath: "$.record",
			Next: "Done",
		},
		Done: { Type: "Succeed" },
	},
};

describe("embedded Step Functions engine over HTTP", () => {
	let t: TestEngine;
	const tokens = new Map<string, string[]>();
	let flaky = 0;
	const calls: { fn: string; payload: unknown; ctx: InvokeContext }[] = [];

	beforeAll(async () => {
		t = await startTestEngine({
			substitutions: { OpenTaskFn: LAMBDA("openTask") },
			invoke: async (fn, payload, ctx) => {
				calls.push({ fn, payload, ctx });
				if (fn === "openTask") {
					const p = payload as { caseId: string; token: string };
					tokens.set(p.caseId, [...(tokens.get(p.caseId) ?? []), p.token]);
					return { opened: true };
				}
				if (fn === "record") {
					if (flaky > 0) {
						flaky--;
						const e = new Error("try again");
						e.name = "Flaky";
						throw e;
					}
					return { recorded: (payload as { caseId: string }).caseId };
				}
				throw new Error(`no function ${fn}`);
			},
		});
	});
	afterAll(async () => {
		await t?.close();
	});

	const describeExec = (executionArn: string): Promise<DescribeExecutionCommandOutput> =>
		t.sfn.send(new DescribeExecutionCommand({ executionArn }));
	const createLifecycle = async (name: string) =>
		(
			await t.sfn.send(
				new CreateStateMachineCommand({
					name,
					definition: JSON.stringify(lifecycle),
					roleArn: "arn:aws:iam::000000000000:role/x",
				}),
			)
		).stateMachineArn!;

	it("runs the callback path: token in $$.Task.Token, SendTaskSuccess resumes, retried task", async () => {
		const sm = await createLifecycle("lifecycle-ok");
		expect(sm).toBe("arn:aws:states:local:000000000000:stateMachine:lifecycle-ok");
		flaky = 2;
		const { executionArn, startDate } = await t.sfn.send(
			new StartExecutionCommand({
				stateMachineArn: sm,
				name: "case-1",
				input: JSON.stringify({ caseId: "c1", dueSeconds: 86_400 }),
			}),
		);
		expect(executionArn).toBe("arn:aws:states:local:000000000000:execution:lifecycle-ok:case-1");
		expect(startDate).toBeInstanceOf(Date);
		await t.clock.settle();
		const [token] = tokens.get("c1") ?? [];
		expect(token).toBeTruthy();
		const open = calls.find((c) => c.fn === "openTask");
		expect(open?.payload).toEqual({ caseId: "c1", token, state: "OpenTask" });
		expect(open?.ctx.taskToken).toBe(token);
		expect((await describeExec(executionArn!)).status).toBe("RUNNING");

		await t.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ outcome: "accept" }) }));
		await t.clock.advance(10_000); // two retry intervals (2 s, 4 s)
		const d = await describeExec(executionArn!);
		expect(d.status).toBe("SUCCEEDED");
		expect(JSON.parse(d.output!)).toEqual({
			caseId: "c1",
			dueSeconds: 86_400,
			decision: { outcome: "accept" },
			record: { recorded: "c1", status: 200 },
		});
		expect(flaky).toBe(0);

		// a consumed token is unknown to AWS
		await expect(t.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" }))).rejects.toBeInstanceOf(
			InvalidToken,
		);
		await expect(t.sfn.send(new SendTaskSuccessCommand({ taskToken: "garbage", output: "{}" }))).rejects.toBeInstanceOf(
			InvalidToken,
		);

		const history = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
		const types = history.events!.map((e) => e.type);
		expect(types.slice(0, 7)).toEqual([
			"ExecutionStarted",
			"TaskStateEntered",
			"TaskScheduled",
			"TaskStarted",
			"TaskSubmitted",
			"TaskSucceeded",
			"TaskStateExited",
		]);
		expect(types.filter((x) => x === "TaskFailed")).toHaveLength(2);
		expect(types.at(-1)).toBe("ExecutionSucceeded");
		const ids = history.events!.map((e) => e.id);
		expect(ids).toEqual(ids.map((_, i) => i + 1));
		for (const e of history.events!) expect(e.previousEventId).toBeLessThan(e.id!);
		const scheduled = history.events!.find((e) => e.type === "TaskScheduled")!;
		expect(scheduled.taskScheduledEventDetails).toMatchObject({
			resourceType: "lambda",
			resource: "invoke.waitForTaskToken",
			region: "local",
			timeoutInSeconds: 86_400,
		});
		const succeeded = history.events!.find(
			(e) => e.type === "TaskSucceeded" && e.taskSucceededEventDetails?.resource === "invoke",
		)!;
		expect(JSON.parse(succeeded.taskSucceededEventDetails!.output!)).toMatchObject({
			Payload: { recorded: "c1" },
			StatusCode: 200,
			ExecutedVersion: "$LATEST",
		});
	});

	it("times out a callback (TimeoutSecondsPath) into Catch States.Timeout; the late token is TaskTimedOut", async () => {
		const sm = await createLifecycle("lifecycle-timeout");
		const { executionArn } = await t.sfn.send(
			new StartExecutionCommand({ stateMachineArn: sm, input: JSON.stringify({ caseId: "c2", dueSeconds: 3600 }) }),
		);
		await t.clock.settle();
		const [token] = tokens.get("c2") ?? [];
		await t.clock.advance(3_599_000);
		expect((await describeExec(executionArn!)).status).toBe("RUNNING");
		await t.clock.advance(1000);
		const d = await describeExec(executionArn!);
		expect(d.status).toBe("SUCCEEDED");
		const out = JSON.parse(d.output!);
		expect(out.timeout.Error).toBe("States.Timeout");
		expect(out.status).toBe("overdue");
		await expect(t.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: "{}" }))).rejects.toBeInstanceOf(
			TaskTimedOut,
		);
		const h = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn }));
		expect(h.events!.map((e) => e.type)).toContain("TaskTimedOut");
	});

	it("loops back through Choice for another callback, and SendTaskFailure fails the execution", async () => {
		const sm = await createLifecycle("lifecycle-fail");
		const { executionArn } = await t.sfn.send(
			new StartExecutionCommand({ stateMachineArn: sm, input: JSON.stringify({ caseId: "c3", dueSeconds: 100 }) }),
		);
		await t.clock.settle();
		await t.sfn.send(
			new SendTaskSuccessCommand({ taskToken: tokens.get("c3")![0], output: JSON.stringify({ outcome: "later" }) }),
		);
		await t.clock.settle();
		expect(tokens.get("c3")).toHaveLength(2);
		await t.sfn.send(
			new SendTaskFailureCommand({
				taskToken: tokens.get("c3")![1],
				error: "Case.Withdrawn",
				cause: "petitioner withdrew",
			}),
		);
		const d = await describeExec(executionArn!);
		expect(d).toMatchObject({ status: "FAILED", error: "Case.Withdrawn", cause: "petitioner withdrew" });
		expect(d.stopDate).toBeInstanceOf(Date);
	});

	it("fails a task whose heartbeat stops, and SendTaskHeartbeat keeps it alive", async () => {
		const definition = JSON.stringify({
			StartAt: "Work",
			States: {
				Work: {
					Type: "Task",
					Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
					Parameters: { FunctionName: "openTask", Payload: { "caseId.$": "$.caseId", "token.$": "$$.Task.Token" } },
					HeartbeatSecondsPath: "$.hb",
					TimeoutSeconds: 1000,
					End: true,
				},
			},
		});
		const { stateMachineArn } = await t.sfn.send(
			new CreateStateMachineCommand({ name: "heartbeat", definition, roleArn: "arn:aws:iam::000000000000:role/x" }),
		);
		const { executionArn } = await t.sfn.send(
			new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ caseId: "hb1", hb: 10 }) }),
		);
		await t.clock.settle();
		const token = tokens.get("hb1")![0];
		await t.clock.advance(8000);
		await t.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
		await t.clock.advance(8000);
		await t.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
		await t.clock.advance(8000);
		expect((await describeExec(executionArn!)).status).toBe("RUNNING");
		await t.clock.advance(3000);
		const d = await describeExec(executionArn!);
		expect(d).toMatchObject({ status: "FAILED", error: "States.HeartbeatTimeout" });
		await expect(t.sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }))).rejects.toBeInstanceOf(TaskTimedOut);
	});

	it("StartExecution is idempotent for the same name and input while running", async () => {
		const sm = await createLifecycle("lifecycle-idem");
		const input = JSON.stringify({ caseId: "c4", dueSeconds: 50 });
		const a = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name: "same", input }));
		await t.clock.advance(5000);
		const b = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name: "same", input }));
		expect(b.executionArn).toBe(a.executionArn);
		expect(b.startDate?.getTime()).toBe(a.startDate?.getTime());
		await expect(
			t.sfn.send(
				new StartExecutionCommand({ stateMachineArn: sm, name: "same", input: JSON.stringify({ caseId: "c5" }) }),
			),
		).rejects.toBeInstanceOf(ExecutionAlreadyExists);
		await t.clock.advance(60_000); // the callback times out, the execution ends
		expect((await describeExec(a.executionArn!)).status).toBe("SUCCEEDED");
		await expect(
			t.sfn.send(new StartExecutionCommand({ stateMachineArn: sm, name: "same", input })),
		).rejects.toBeInstanceOf(ExecutionAlreadyExists);
	});

	it("StopExecution aborts with error and cause; its pending token then answers TaskTimedOut", async () => {
		const sm = await createLifecycle("lifecycle-stop");
		const { executionArn } = await t.sfn.send(
			new StartExecutionCommand({ stateMachineArn: sm, input: JSON.stringify({ caseId: "c6", dueSeconds: 100 }) }),
		);
		await t.clock.settle();
		const stop = await t.sfn.send(
			new StopExecutionCommand({ executionArn, error: "Admin.Stop", cause: "duplicate case" }),
		);
		expect(stop.stopDate).toBeInstanceOf(Date);
		const d = await describeExec(executionArn!);
		expect(d).toMatchObject({ status: "ABORTED", error: "Admin.Stop", cause: "duplicate case" });
		const h = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 1 }));
		expect(h.events?.[0]?.type).toBe("ExecutionAborted");
		expect(h.events?.[0]?.executionAbortedEventDetails).toEqual({ error: "Admin.Stop", cause: "duplicate case" });
		await expect(
			t.sfn.send(new SendTaskSuccessCommand({ taskToken: tokens.get("c6")![0], output: "{}" })),
		).rejects.toBeInstanceOf(TaskTimedOut);
		await t.clock.advance(200_000); // the old timeout timer must not revive anything
		expect((await describeExec(executionArn!)).status).toBe("ABORTED");
	});

	it("lists executions with a status filter and pages; pages history forwards and backwards", async () => {
		const sm = await createLifecycle("lifecycle-list");
		const arns: string[] = [];
		for (let i = 0; i < 5; i++) {
			const { executionArn } = await t.sfn.send(
				new StartExecutionCommand({
					stateMachineArn: sm,
					name: `e${i}`,
					input: JSON.stringify({ caseId: `L${i}`, dueSeconds: 10 }),
				}),
			);
			arns.push(executionArn!);
			await t.clock.advance(1000);
		}
		await t.sfn.send(new StopExecutionCommand({ executionArn: arns[4] }));
		const running = await t.sfn.send(new ListExecutionsCommand({ stateMachineArn: sm, statusFilter: "RUNNING" }));
		expect(running.executions!.map((e) => e.name)).toEqual(["e3", "e2", "e1", "e0"]);
		const names: string[] = [];
		let nextToken: string | undefined;
		do {
			const p: { executions?: { name?: string }[]; nextToken?: string } = await t.sfn.send(
				new ListExecutionsCommand({ stateMachineArn: sm, maxResults: 2, nextToken }),
			);
			expect(p.executions!.length).toBeLessThanOrEqual(2);
			names.push(...p.executions!.map((e) => e.name!));
			nextToken = p.nextToken;
		} while (nextToken);
		expect(names).toEqual(["e4", "e3", "e2", "e1", "e0"]);
		const aborted = await t.sfn.send(new ListExecutionsCommand({ stateMachineArn: sm, statusFilter: "ABORTED" }));
		expect(aborted.executions!.map((e) => e.name)).toEqual(["e4"]);

		await t.clock.advance(20_000);
		const full = await t.sfn.send(new GetExecutionHistoryCommand({ executionArn: arns[0] }));
		const paged: number[] = [];
		nextToken = undefined;
		do {
			const p: { events?: { id?: number }[]; nextToken?: string } = await t.sfn.send(
				new GetExecutionHistoryCommand({ executionArn: arns[0], maxResults: 3, reverseOrder: true, nextToken }),
			);
			paged.push(...p.events!.map((e) => e.id!));
			nextToken = p.nextToken;
		} while (nextToken);
		expect(paged).toEqual(full.events!.map((e) => e.id!).reverse());
	});

	it("manages state machines like AWS: validation, same-definition create, update, describe, delete", async () => {
		await expect(
			t.sfn.send(
				new CreateStateMachineCommand({
					name: "bad",
					definition: JSON.stringify({ StartAt: "Nope", States: {} }),
					roleArn: "arn:aws:iam::000000000000:role/x",
				}),
			),
		).rejects.toBeInstanceOf(InvalidDefinition);
		await expect(
			t.sfn.send(
				new CreateStateMachineCommand({
					name: "bad2",
					definition: "{not json",
					roleArn: "arn:aws:iam::000000000000:role/x",
				}),
			),
		).rejects.toBeInstanceOf(InvalidDefinition);
		const a = await createLifecycle("sm-admin");
		expect(await createLifecycle("sm-admin")).toBe(a);
		const other = JSON.stringify({ StartAt: "P", States: { P: { Type: "Pass", End: true } } });
		await expect(
			t.sfn.send(
				new CreateStateMachineCommand({
					name: "sm-admin",
					definition: other,
					roleArn: "arn:aws:iam::000000000000:role/x",
				}),
			),
		).rejects.toBeInstanceOf(StateMachineAlreadyExists);
		await t.sfn.send(new UpdateStateMachineCommand({ stateMachineArn: a, definition: other }));
		const desc = await t.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: a }));
		expect(desc).toMatchObject({ name: "sm-admin", status: "ACTIVE", type: "STANDARD", definition: other });
		const list = await t.sfn.send(new ListStateMachinesCommand({}));
		expect(list.stateMachines!.map((s) => s.name)).toContain("sm-admin");
		const { executionArn } = await t.sfn.send(new StartExecutionCommand({ stateMachineArn: a, input: '{"k":1}' }));
		await t.clock.settle();
		expect(await describeExec(executionArn!)).toMatchObject({ status: "SUCCEEDED", output: '{"k":1}' });
		await t.sfn.send(new DeleteStateMachineCommand({ stateMachineArn: a }));
		await expect(t.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: a }))).rejects.toBeInstanceOf(
			StateMachineDoesNotExist,
		);
		await expect(t.sfn.send(new StartExecutionCommand({ stateMachineArn: a }))).rejects.toBeInstanceOf(
			StateMachineDoesNotExist,
		);
		await expect(describeExec(`${a.replace(":stateMachine:", ":execution:")}:nope`)).rejects.toBeInstanceOf(
			ExecutionDoesNotExist,
		);
		await expect(describeExec("not-an-arn")).rejects.toBeInstanceOf(InvalidArn);
	});
});
