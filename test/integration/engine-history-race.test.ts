/**
 * GetExecutionHistory while the execution's last checkpoint lands: the history read from the store
 * before it landed, the events it carried gone from memory after. The answer still ends with the
 * execution's end, as DescribeExecution already said it had ended.
 */
import { describe, expect, it } from "vitest";
import { virtualClock } from "#local/clock.ts";
import { createDynamoDbStore, createEngine, type EngineStore } from "#local/stepfunctions/index.ts";
import { uniquePrefix } from "../conformance/harness.ts";

/** A gate a store call waits at until the test opens it. */
function gate() {
	let open!: () => void;
	const opened = new Promise<void>((r) => {
		open = r;
	});
	return { opened, open };
}

describe("history while a checkpoint lands", () => {
	it("keeps the events that were in memory when the read began", async () => {
		const real = createDynamoDbStore({ prefix: uniquePrefix() });
		let saveGate: ReturnType<typeof gate> | undefined;
		let readGate: ReturnType<typeof gate> | undefined;
		let readDone: (() => void) | undefined;
		// The real store; the test only chooses when two of its calls go on.
		const store: EngineStore = new Proxy(real, {
			get(target, key) {
				if (key === "saveExecution")
					return async (...args: Parameters<EngineStore["saveExecution"]>) => {
						await saveGate?.opened;
						return target.saveExecution(...args);
					};
				if (key === "getHistory")
					return async (arn: string) => {
						const events = await target.getHistory(arn);
						readDone?.();
						await readGate?.opened;
						return events;
					};
				const v = Reflect.get(target, key);
				return typeof v === "function" ? v.bind(target) : v;
			},
		});
		let token = "";
		const engine = createEngine({
			store,
			clock: virtualClock(Date.parse("2025-01-01T00:00:00.000Z")),
			invoke: async (_name, payload) => {
				token = (payload as { token: string }).token;
				return {};
			},
		});
		await engine.start();
		try {
			const { stateMachineArn } = await engine.createStateMachine({
				name: "history-race",
				roleArn: "arn:aws:iam::000000000000:role/local",
				definition: JSON.stringify({
					StartAt: "Wait for a decision",
					States: {
						"Wait for a decision": {
							Type: "Task",
							Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
							Parameters: { FunctionName: "decide", Payload: { "token.$": "$$.Task.Token" } },
							End: true,
						},
					},
				}),
			});
			const { executionArn } = await engine.startExecution({ stateMachineArn, name: "one", input: "{}" });
			for (let i = 0; i < 100 && !token; i++) await new Promise((r) => setTimeout(r, 20));
			expect(token).not.toBe("");

			// The decision: the execution ends in memory; its checkpoint waits at the gate.
			saveGate = gate();
			const decided = engine.sendTaskSuccess({ taskToken: token, output: '{"ok":true}' });
			for (let i = 0; i < 100; i++) {
				if ((await engine.describeExecution({ executionArn })).status === "SUCCEEDED") break;
				await new Promise((r) => setTimeout(r, 20));
			}
			expect((await engine.describeExecution({ executionArn })).status).toBe("SUCCEEDED");

			// The history is read from the store before the checkpoint lands, and goes on after it landed.
			readGate = gate();
			const read = new Promise<void>((r) => {
				readDone = r;
			});
			const history = engine.getExecutionHistory({ executionArn });
			await read;
			saveGate.open();
			await decided;
			readGate.open();
			const types = (await history).events?.map((e) => e.type) ?? [];
			expect(types.at(-1)).toBe("ExecutionSucceeded");
			expect(types.filter((t) => t === "ExecutionSucceeded")).toHaveLength(1);
		} finally {
			saveGate?.open();
			readGate?.open();
			await engine.stop();
		}
	});
});
