/**
 * Step Functions ends a Standard execution after a year. A case nobody acts on is supervised every
 * 5 days forever; once its execution is older than RENEW_AFTER_DAYS (270; 30 here, so the test need not
 * run 270 days of supervisions) it continues in a new execution (<case id>.2) waiting on the same step,
 * and the step can still be decided there.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalSystem } from "#local/system.ts";
import { api } from "../support/api.ts";
import { startTestSystem } from "../support/system.ts";

let system: LocalSystem;
const renewAfter = 30;
beforeAll(async () => {
	process.env.WORKFLOW_RENEW_AFTER_DAYS = String(renewAfter);
	system = await startTestSystem({ clock: "virtual", start: "2024-01-02T09:00:00+08:00" });
});
afterAll(() => system.stop());

describe("a case near the one-year limit of its execution", () => {
	it("continues in a new execution once it is old, on the same step, and is decided there", async () => {
		const a = api(system);
		const intake = await a.token("intake", "431127");
		const c = await a.submit();
		await a.advance(renewAfter + 10);
		const machine = process.env.CASE_WORKFLOW_ARN?.replace(":stateMachine:", ":execution:");
		// The clock waits for functions in flight only so long (real time): on a busy machine the
		// continuation may still be starting when the advance returns.
		const describe = (name: string) =>
			system.engine.describeExecution({ executionArn: `${machine}:${name}` }).catch(() => undefined);
		for (let i = 0; i < 100 && !(await describe(`${c.caseId}.2`)); i++) await new Promise((r) => setTimeout(r, 200));
		const first = await describe(c.caseId);
		const second = await describe(`${c.caseId}.2`);
		expect(first?.status).toBe("SUCCEEDED");
		expect(second?.status).toBe("RUNNING");
		const before = (await a.caseDetail(intake, c.caseId)).body.case;
		expect(before).toMatchObject({ status: "open", stage: "acceptance", overdue: true });
		expect(before.supervisions).toBeGreaterThan(3);
		// The supervision goes on in the new execution, and a decision there moves the case on.
		await a.advance(10);
		expect((await a.caseDetail(intake, c.caseId)).body.case.supervisions).toBeGreaterThan(before.supervisions);
		const accepted = await a.act(intake, c.caseId, { type: "accept", category: "appeal", unit: "431127-housing" });
		expect(accepted.status).toBe(200);
		await system.virtual?.settle();
		const history = await system.engine.getExecutionHistory({
			executionArn: `${machine}:${c.caseId}.2`,
			reverseOrder: true,
			maxResults: 5,
		});
		expect(JSON.stringify(history)).toContain("Handling");
	}, 180_000);
});
