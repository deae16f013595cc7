/**
 * The local home restarts without losing a case: the pending step's token, the workflow position and
 * the timers live in DynamoDB, so after a restart staff act on the same step and the clock still fires.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { LocalSystem } from "#local/system.ts";
import { api } from "../support/api.ts";
import { startTestSystem } from "../support/system.ts";

const tablePrefix = `r${randomBytes(4).toString("hex")}_`;
const start = "2024-06-03T09:00:00+08:00";
let system: LocalSystem | undefined;
const dataDir = mkdtempSync(join(tmpdir(), "xf-restart-"));
afterAll(async () => {
	await system?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

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
		await system.stop();
	});

	it("keeps the virtual time in the data dir: a restart goes on from there, not from --start", async () => {
		// Prepare: a virtual clock on a data dir, moved on 40 days, then stopped.
		const opts = { tablePrefix: `v${randomBytes(4).toString("hex")}_`, clock: "virtual" as const, start, dataDir };
		system = await startTestSystem(opts);
		const moved = await api(system).advance(40);
		await system.stop();

		// Act: start again with the same --start.
		system = await startTestSystem(opts);

		// Assess: time is where it was left, and the data dir says so.
		expect(new Date(system.clock.now()).toISOString()).toBe(moved);
		expect(Date.parse(moved) - Date.parse(start)).toBe(40 * 86_400_000);
		expect(JSON.parse(readFileSync(join(dataDir, "clock.json"), "utf8"))).toEqual({ now: moved });
	});
});
