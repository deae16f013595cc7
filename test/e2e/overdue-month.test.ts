/**
 * Time at scale, in small: 40 cases nobody accepts and 10 accepted cases whose handling deadline falls
 * in the same month, then one `POST /local/clock/advance {"days": 31}` with the clock's window of work
 * in flight set to 8 (so it is refilled many times). Every missed deadline is supervised exactly once —
 * one `overdue` event, no `task_opened`, the case's count of notices — the steps stay open, and the
 * counters equal the recount, with each handling-overdue case counted once however often it is chased.
 * The 2,000-case timing is `npm run bench:overdue`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalSystem } from "#local/system.ts";
import { documentClient, tableName } from "#shared/aws/clients.ts";
import { casesTable, countersTable } from "#shared/specs/tables.ts";
import { recount } from "#shared/stats/recount.ts";
import { queryAll } from "#shared/store/query-all.ts";
import { api } from "../support/api.ts";
import { postJson, samplePetition, startTestSystem } from "../support/system.ts";

let system: LocalSystem;
let a: ReturnType<typeof api>;
const waiting: string[] = [];
const handling: string[] = [];

async function submitMany(n: number, into: string[]): Promise<void> {
	let next = 0;
	await Promise.all(
		Array.from({ length: 8 }, async () => {
			for (let i = next++; i < n; i = next++) {
				const r = await postJson(`${system.url}/v1/petitions`, samplePetition({ title: `无人受理 ${i}` }));
				expect(r.status).toBe(201);
				into.push(r.body.caseId as string);
			}
		}),
	);
	await system.virtual?.settle();
}

async function itemsOf(caseId: string) {
	const items = await queryAll(documentClient(), {
		TableName: tableName(casesTable),
		KeyConditionExpression: "pk = :pk",
		ExpressionAttributeValues: { ":pk": `CASE#${caseId}` },
		ConsistentRead: true,
	});
	const kase = items.find((i) => i.sk === "CASE") as Record<string, any>;
	const task = items.find((i) => i.sk === "TASK") as Record<string, any>;
	const events = items.filter((i) => String(i.sk).startsWith("EVT#")) as Record<string, any>[];
	return { kase, task, events };
}

beforeAll(async () => {
	process.env.CLOCK_ADVANCE_WINDOW = "8";
	system = await startTestSystem({ clock: "virtual", start: "2024-03-01T09:00:00+08:00" });
	a = api(system);
	const intake = await a.token("intake", "431127");
	// Day 0: ten cases accepted at once — their handling deadline is the end of day 60.
	await submitMany(10, handling);
	for (const caseId of handling)
		expect((await a.act(intake, caseId, { type: "accept", category: "appeal", unit: "431127-housing" })).status).toBe(
			200,
		);
	await a.advance(35);
	// Day 35: forty cases nobody accepts — acceptance deadline the end of day 50.
	await submitMany(40, waiting);
	// The month: acceptance chased on days 51, 56, 61, 66; handling on days 61 and 66.
	await a.advance(31);
}, 180_000);
afterAll(async () => {
	delete process.env.CLOCK_ADVANCE_WINDOW;
	await system.stop();
});

describe("one month's advance over many overdue cases", () => {
	it("supervises every missed acceptance deadline once: four notices, the step open again, no task_opened", async () => {
		for (const caseId of waiting) {
			const { kase, task, events } = await itemsOf(caseId);
			const overdue = events.filter((e) => e.type === "overdue");
			expect(overdue.map((e) => e.taskType)).toEqual(["acceptance", "acceptance", "acceptance", "acceptance"]);
			expect(events.filter((e) => e.type === "task_opened")).toHaveLength(1); // registration's
			expect(kase.supervisions).toBe(4);
			expect(events.map((e) => e.seq)).toEqual(Array.from({ length: kase.eventCount }, (_, i) => i + 1));
			expect(task).toMatchObject({ type: "acceptance", status: "open", seq: 5 });
			expect(Date.parse(task.dueAt)).toBeGreaterThan(Date.parse("2024-05-06T09:00:00+08:00"));
		}
	});

	it("supervises the handling deadline and its follow-up once each", async () => {
		for (const caseId of handling) {
			const { kase, task, events } = await itemsOf(caseId);
			expect(events.filter((e) => e.type === "overdue").map((e) => e.taskType)).toEqual(["handling", "handling"]);
			expect(kase.supervisions).toBe(2);
			expect(task).toMatchObject({ type: "handling", status: "open" });
		}
	});

	it("the counters equal the recount; each handling-overdue case counted once", async () => {
		const r = await recount(
			documentClient(),
			{ cases: tableName(casesTable), counters: tableName(countersTable) },
			{ region: "431127", year: 2024 },
		);
		expect(r.differences).toEqual([]);
		expect(r.stored["431127#2024"]).toMatchObject({
			received: 50,
			overdue: 40 * 4 + 10 * 2,
			"overdue#task=acceptance": 160,
			"overdue#task=handling": 20,
			handlingOverdue: 10,
			handlingOverdueOpen: 10,
		});
	});

	it("answers without waiting for the counters when asked to (`wait: steps`); refuses another wait", async () => {
		const quick = await postJson(`${system.url}/local/clock/advance`, { seconds: 1, wait: "steps" });
		expect(quick.status).toBe(200);
		const bad = await postJson(`${system.url}/local/clock/advance`, { seconds: 1, wait: "later" });
		expect(bad.status).toBe(400);
		expect(bad.body.error.code).toBeTruthy();
	});
});
