import { describe, expect, it } from "vitest";
import { deployWorkflow } from "#local/system.ts";
import { createEngine, createMemoryStore } from "#local/stepfunctions/index.ts";

const definition = (result: string) =>
	JSON.stringify({ StartAt: "A", States: { A: { Type: "Pass", Result: result, End: true } } });

describe("deploying a workflow to the local engine", () => {
	it("creates it once, and updates it when the file changed since the data dir last saw it", async () => {
		const engine = createEngine({ store: createMemoryStore() });
		await engine.start();
		const arn = await deployWorkflow(engine, "demo", definition("v1"));
		expect(await deployWorkflow(engine, "demo", definition("v1"))).toBe(arn);
		expect(await deployWorkflow(engine, "demo", definition("v2"))).toBe(arn);
		const described = await engine.describeStateMachine({ stateMachineArn: arn });
		expect(JSON.parse(described.definition ?? "{}").States.A.Result).toBe("v2");
		await engine.stop();
	});
});
