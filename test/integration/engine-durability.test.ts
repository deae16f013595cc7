/**
 * Durability: the engine runs in a child process (npx tsx) on the run's shared DynamoDB Local and
 * is killed with SIGKILL (1) while a Wait is pending, (2) while a callback task waits for its
 * token, (3) while a task is in flight. Each restart resumes the execution where it was: the
 * Wait's time passed while stopped so it fires on start, the token stays valid (the callback function,
 * whose return waits for the next checkpoint, is invoked again with it), and the task in flight is
 * invoked again (at-least-once). The execution completes.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import {
	CreateStateMachineCommand,
	DescribeExecutionCommand,
	GetExecutionHistoryCommand,
	SendTaskSuccessCommand,
	type SFNClient,
	StartExecutionCommand,
} from "@aws-sdk/client-sfn";
import { afterAll, describe, expect, it } from "vitest";
import { sfnClient, uniquePrefix } from "../conformance/harness.ts";

const CHILD = fileURLToPath(new URL("../conformance/durability-child.ts", import.meta.url));
const ROOT = fileURLToPath(new URL("../..", import.meta.url));

type Line = { url?: string; invoked?: string; token?: string; payload?: unknown };

interface Child {
	proc: ChildProcess;
	lines: Line[];
	url: string;
	sfn: SFNClient;
	waitFor(pred: (l: Line) => boolean, what: string): Promise<Line>;
	kill(): Promise<void>;
}

const children: ChildProcess[] = [];

async function startChild(prefix: string, env: Record<string, string> = {}): Promise<Child> {
	const proc = spawn("npx", ["tsx", CHILD], {
		cwd: ROOT,
		env: { ...process.env, SFN_PREFIX: prefix, ...env },
		stdio: ["pipe", "pipe", "inherit"],
		detached: true, // its own process group: SIGKILL reaches npx and node alike
	});
	children.push(proc);
	const lines: Line[] = [];
	const waiters: (() => void)[] = [];
	createInterface({ input: proc.stdout! }).on("line", (text) => {
		try {
			lines.push(JSON.parse(text) as Line);
		} catch {
			return;
		}
		for (const w of waiters.splice(0)) w();
	});
	const waitFor = async (pred: (l: Line) => boolean, what: string): Promise<Line> => {
		const deadline = Date.now() + 20_000;
		for (;;) {
			const hit = lines.find(pred);
			if (hit) return hit;
			if (Date.now() > deadline) throw new Error(`child never reported ${what}`);
			await new Promise<void>((r) => {
				waiters.push(r);
				setTimeout(r, 200);
			});
		}
	};
	const { url } = await waitFor((l) => typeof l.url === "string", "ready");
	const sfn = sfnClient(url!);
	return {
		proc,
		lines,
		url: url!,
		sfn,
		waitFor,
		kill: () =>
			new Promise<void>((resolve) => {
				sfn.destroy();
				if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
				proc.once("exit", () => resolve());
				process.kill(-proc.pid!, "SIGKILL");
			}),
	};
}

async function historyTypes(sfn: SFNClient, executionArn: string): Promise<string[]> {
	const h = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
	return h.events!.map((e) => e.type!);
}

async function until<T>(what: string, fn: () => Promise<T | undefined>): Promise<T> {
	const deadline = Date.now() + 20_000;
	for (;;) {
		const v = await fn();
		if (v !== undefined) return v;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

afterAll(() => {
	for (const c of children) if (c.exitCode === null && c.signalCode === null) process.kill(-c.pid!, "SIGKILL");
});

describe("durability across kill -9", () => {
	it("resumes a pending Wait, a pending callback and a task in flight after SIGKILL", {
		timeout: 120_000,
	}, async () => {
		const prefix = uniquePrefix();
		const definition = JSON.stringify({
			StartAt: "Pause",
			States: {
				Pause: { Type: "Wait", SecondsPath: "$.pause", Next: "Open" },
				Open: {
					Type: "Task",
					Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
					Parameters: { FunctionName: "openTask", Payload: { "token.$": "$$.Task.Token", "caseId.$": "$.caseId" } },
					TimeoutSeconds: 3600,
					ResultPath: "$.decision",
					Next: "Work",
				},
				Work: {
					Type: "Task",
					Resource: "arn:aws:lambda:local:000000000000:function:work",
					ResultPath: "$.work",
					Next: "Done",
				},
				Done: { Type: "Succeed" },
			},
		});

		// 1. killed while the Wait is pending; its time passes while nothing runs
		const a = await startChild(prefix);
		const { stateMachineArn } = await a.sfn.send(
			new CreateStateMachineCommand({ name: "durable", definition, roleArn: "arn:aws:iam::000000000000:role/x" }),
		);
		const { executionArn } = await a.sfn.send(
			new StartExecutionCommand({
				stateMachineArn,
				name: "case-d1",
				input: JSON.stringify({ pause: 2, caseId: "d1" }),
			}),
		);
		await until("the Wait to be entered", async () =>
			(await historyTypes(a.sfn, executionArn!)).includes("WaitStateEntered") ? true : undefined,
		);
		await new Promise((r) => setTimeout(r, 300));
		await a.kill();
		expect(a.lines.some((l) => l.invoked)).toBe(false);
		await new Promise((r) => setTimeout(r, 2500));

		// 2. restarted: the overdue timer fires at once and the callback task is invoked; killed while it waits
		const b = await startChild(prefix);
		const opened = await b.waitFor((l) => l.invoked === "openTask", "the callback invocation");
		expect(opened.payload).toEqual({ token: opened.token, caseId: "d1" });
		await until("TaskSubmitted", async () =>
			(await historyTypes(b.sfn, executionArn!)).includes("TaskSubmitted") ? true : undefined,
		);
		await b.kill();

		// 3. restarted: the function's return rode on no checkpoint of its own, so it is invoked again
		// (at-least-once) with the same token, which is still good; the next task hangs; killed
		const c = await startChild(prefix, { HANG: "work" });
		expect((await c.sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe("RUNNING");
		const reopened = await c.waitFor((l) => l.invoked === "openTask", "the callback invocation again");
		expect(reopened.token).toBe(opened.token);
		await c.sfn.send(
			new SendTaskSuccessCommand({ taskToken: opened.token!, output: JSON.stringify({ outcome: "accept" }) }),
		);
		await c.waitFor((l) => l.invoked === "work", "the work invocation");
		expect(c.lines.filter((l) => l.invoked === "openTask")).toHaveLength(1);
		await c.kill();

		// 4. restarted: the task in flight at the crash is invoked again and the execution completes
		const d = await startChild(prefix);
		await d.waitFor((l) => l.invoked === "work", "the repeated work invocation");
		const done = await until("the execution to succeed", async () => {
			const r = await d.sfn.send(new DescribeExecutionCommand({ executionArn }));
			return r.status === "RUNNING" ? undefined : r;
		});
		expect(done.status).toBe("SUCCEEDED");
		expect(JSON.parse(done.output!)).toMatchObject({
			pause: 2,
			caseId: "d1",
			decision: { outcome: "accept" },
			work: { worked: true },
		});
		const types = await historyTypes(d.sfn, executionArn!);
		expect(types.filter((t) => t === "ExecutionStarted")).toHaveLength(1);
		expect(types.filter((t) => t === "WaitStateExited")).toHaveLength(1);
		expect(types.filter((t) => t === "TaskSubmitted")).toHaveLength(1);
		expect(types.at(-1)).toBe("ExecutionSucceeded");
		const h = await d.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
		expect(h.events!.map((e) => e.id)).toEqual(h.events!.map((_, i) => i + 1));
		await d.kill();
	});
});
