/**
 * The local home restarts without losing a case: the pending step's token, the workflow position and
 * the timers live in DynamoDB, so after a restart staff act on the same step and the clock still fires.
 */
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { LocalSystem } from "#local/system.ts";
import { api } from "../support/api.ts";
import { startTestSystem } from "../support/system.ts";

const tablePrefix = `r${randomBytes(4).toString("hex")}_`;
const start = "2024-06-03T09:00:00+08:00";
let system: LocalSystem | undefined;
afterAll(() => system?.stop());

describe("restarting the local system", () => {
	it("keeps pending steps and timers: act after a restart, and a deadline that passed while stopped fires on start", async () => {
		// Prepare: two cases waiting for acceptance, then stop.
		system = await startTestSystem({ tablePrefix, clock: "virtual", start });
		let a = api(system);
		const acted = await a.submit();
		const idle = await a.submit();
		await system.stop();

		// Act: start again 20 days later (past the 15-day deadline) and decide the first case.
		system = await startTestSystem({ tablePrefix, clock: "virtual", start: "2024-06-23T09:00:00+08:00" });
		a = api(system);
		await system.virtual?.settle();
		const token = await a.token("intake", "431127");
		const r = await a.act(token, acted.caseId, { type: "accept", category: "appeal", unit: "431127-housing" });

		// Assess: the first case moved on; the second was supervised by the timer that came due while stopped.
		expect(r.status).toBe(200);
		expect(r.body.stage).toBe("handling");
		const idleCase = (await a.caseDetail(token, idle.caseId)).body;
		expect(idleCase.case).toMatchObject({ stage: "acceptance", overdue: true, status: "open" });
		expect(idleCase.events.some((e: { type: string }) => e.type === "overdue")).toBe(true);
	});
});
