import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentClient, tableName } from "#shared/aws/clients.ts";
import { registerCase } from "#shared/cases/register.ts";
import type { CaseWorkflow } from "#shared/cases/workflow.ts";
import { casesTable } from "#shared/specs/tables.ts";
import { dynamoCaseStore } from "#shared/store/dynamodb-case-store.ts";
import { cstDate } from "#shared/time.ts";
import { createLocalAuth } from "#local/auth.ts";
import { type Gateway, startGateway } from "#local/gateway.ts";
import type { LocalSystem } from "#local/system.ts";
import { postJson, samplePetition, startTestSystem } from "../support/system.ts";

let system: LocalSystem;
let gateway: Gateway;
const ids: Record<string, string> = {};

/** These tests read cases; the workflow that would drive them is not what is under test. */
const noWorkflow: CaseWorkflow = { start: async () => undefined, complete: async () => true };

// Received a day apart from early this (China) year, so the default `year` covers them all.
const year = cstDate(Date.now()).year;
const receivedAt = (day: number) => new Date(Date.UTC(year, 0, 1, 1) + day * 86_400_000 - 8 * 3600_000).toISOString();

beforeAll(async () => {
	system = await startTestSystem();
	const auth = await createLocalAuth();
	gateway = await startGateway({ port: 0, authorize: auth.authorize, mounts: { "/local/token": auth.tokenHandler } });
	const store = dynamoCaseStore(documentClient(), tableName(casesTable));
	// Seven cases, interleaved in time across two counties: A1 B1 A2 A3 B2 A4 A5.
	const plan: [string, string, number][] = [
		["A1", "431127", 0],
		["B1", "431102", 1],
		["A2", "431127", 2],
		["A3", "431127", 3],
		["B2", "431102", 4],
		["A4", "431127", 5],
		["A5", "431127", 6],
	];
	for (const [name, region, day] of plan) {
		const r = await registerCase(
			{ store, workflow: noWorkflow },
			{
				petition: samplePetition({ region, title: name }) as never,
				channel: "letter",
				receivedAt: receivedAt(day),
				actorRole: "intake",
			},
		);
		ids[name] = r.caseId;
	}
	// Assignment as acceptance would leave it: A2 and A4 with the housing bureau, A5 with education (overdue).
	const assign = async (name: string, unit: string, overdue = false) => {
		const before = await store.get(ids[name]!);
		await store.commit({
			before: before!,
			after: { ...before!, stage: "handling", pendingTask: "handling", unit, overdue },
			events: [],
		});
	};
	await assign("A2", "431127-housing");
	await assign("A4", "431127-housing");
	await assign("A5", "431127-edu", true);
	// A3 replied and the petitioner asked for 复查: it now sits with the county's reviewing body.
	const a3 = await store.get(ids.A3!);
	await store.commit({
		before: a3!,
		after: {
			...a3!,
			stage: "review",
			pendingTask: "review",
			unit: "431127-civil",
			review: { requestedAt: receivedAt(7), reason: "不服" },
		},
		events: [],
	});
});
afterAll(async () => {
	await gateway?.close();
	await system?.stop();
});

async function tokenOf(claims: { role: string; region: string; unit?: string }) {
	const r = await postJson(`${gateway.url}/local/token`, { user: `${claims.role}-${claims.region}`, ...claims });
	return `Bearer ${r.body.token}`;
}

async function get(path: string, claims: { role: string; region: string; unit?: string }) {
	const res = await fetch(`${gateway.url}${path}`, { headers: { authorization: await tokenOf(claims) } });
	return { status: res.status, body: (await res.json()) as any };
}

const intake127 = { role: "intake", region: "431127" };
const leaderCity = { role: "leader", region: "431100" };
const titles = (items: { title: string }[]) => items.map((i) => i.title);

async function walk(query: string, claims: typeof intake127, limit: number) {
	const pages: string[][] = [];
	let cursor: string | null = null;
	do {
		const r = await get(`/v1/cases?limit=${limit}${query}${cursor ? `&cursor=${cursor}` : ""}`, claims);
		expect(r.status).toBe(200);
		pages.push(titles(r.body.items));
		cursor = r.body.cursor;
	} while (cursor && pages.length < 20);
	return pages;
}

describe("GET /v1/cases", () => {
	it("intake of a county lists only its county's cases, newest first", async () => {
		const r = await get("/v1/cases", intake127);
		expect(r.status).toBe(200);
		expect(titles(r.body.items)).toEqual(["A5", "A4", "A3", "A2", "A1"]);
		expect(r.body.cursor).toBeNull();
		expect(r.body.items[0]).toMatchObject({
			caseId: ids.A5,
			region: "431127",
			channel: "letter",
			status: "open",
			stage: "handling",
			unit: "431127-edu",
			overdue: true,
			receivedAt: receivedAt(6),
			petitioner: { name: "张三", phone: "13800138000", idNumber: "110105********002X" },
		});
	});

	it("paging with limit=2 walks every case once, in order", async () => {
		expect(await walk("", intake127, 2)).toEqual([["A5", "A4"], ["A3", "A2"], ["A1"]]);
	});

	it("the city's leader sees both counties merged newest first, with the petitioner masked", async () => {
		const r = await get("/v1/cases", leaderCity);
		expect(titles(r.body.items)).toEqual(["A5", "A4", "B2", "A3", "A2", "B1", "A1"]);
		expect(r.body.items[0].petitioner).toEqual({ name: "张*", idNumber: "110105********002X", phone: "138****8000" });
	});

	it("paging across counties keeps the merged order without duplicates", async () => {
		const pages = await walk("", leaderCity, 2);
		expect(pages.flat()).toEqual(["A5", "A4", "B2", "A3", "A2", "B1", "A1"]);
		expect(pages.slice(0, -1).every((p) => p.length === 2)).toBe(true);
	});

	it("filters keep paging correct: a page fills up past filtered-out cases", async () => {
		expect(await walk("&stage=handling", intake127, 2)).toEqual([["A5", "A4"], ["A2"]]);
		expect(titles((await get("/v1/cases?overdue=true", leaderCity)).body.items)).toEqual(["A5"]);
		expect(titles((await get("/v1/cases?unit=431127-housing&status=open", leaderCity)).body.items)).toEqual([
			"A4",
			"A2",
		]);
	});

	it("a leader may narrow to a county of the city but an intake may not look at another county", async () => {
		expect(titles((await get("/v1/cases?region=431102", leaderCity)).body.items)).toEqual(["B2", "B1"]);
		const r = await get("/v1/cases?region=431102", intake127);
		expect(r.status).toBe(403);
		expect(r.body.error.code).toBe("FORBIDDEN");
	});

	it("an admin sees the city by default", async () => {
		expect((await get("/v1/cases", { role: "admin", region: "431100" })).body.items).toHaveLength(7);
	});

	it("another year is another listing", async () => {
		expect((await get(`/v1/cases?year=${year - 1}`, leaderCity)).body.items).toEqual([]);
	});

	it("a unit sees only the cases assigned to it", async () => {
		const r = await get("/v1/cases", { role: "unit", region: "431127", unit: "431127-housing" });
		expect(r.status).toBe(200);
		expect(titles(r.body.items)).toEqual(["A4", "A2"]);
		expect(r.body.items.every((i: { unit: string }) => i.unit === "431127-housing")).toBe(true);
	});

	it("a reviewer sees the reviews its body decides", async () => {
		expect(titles((await get("/v1/cases", { role: "reviewer", region: "431127" })).body.items)).toEqual(["A3"]);
		expect((await get("/v1/cases", { role: "reviewer", region: "431100" })).body.items).toEqual([]);
	});

	it("a tampered cursor is a 400", async () => {
		const first = await get("/v1/cases?limit=2", intake127);
		const cursor: string = first.body.cursor;
		const flipped = cursor.slice(0, 10) + (cursor[10] === "A" ? "B" : "A") + cursor.slice(11);
		for (const bad of [flipped, "garbage", Buffer.from('{"v":1,"at":{},"sum":"x"}').toString("base64url")]) {
			const r = await get(`/v1/cases?limit=2&cursor=${bad}`, intake127);
			expect(r.status).toBe(400);
			expect(r.body.error.code).toBe("INVALID_CURSOR");
		}
	});

	it("a cursor is bound to its query: reused with other filters or by another scope it is a 400", async () => {
		const first = await get("/v1/cases?limit=2", intake127);
		expect((await get(`/v1/cases?limit=2&stage=handling&cursor=${first.body.cursor}`, intake127)).status).toBe(400);
		expect((await get(`/v1/cases?limit=2&cursor=${first.body.cursor}`, leaderCity)).status).toBe(400);
	});

	it("bad query values are a 400", async () => {
		for (const q of ["status=pending", "limit=0", "limit=101", "overdue=yes", "region=999999"])
			expect((await get(`/v1/cases?${q}`, intake127)).status).toBe(400);
	});
});

describe("GET /v1/cases/{caseId}", () => {
	it("shows the full case and its history, never the query code hash", async () => {
		const r = await get(`/v1/cases/${ids.A2}`, intake127);
		expect(r.status).toBe(200);
		expect(r.body.case).toMatchObject({ caseId: ids.A2, unit: "431127-housing", stage: "handling" });
		expect(r.body.case.petitioner).toMatchObject({
			name: "张三",
			idNumber: expect.stringMatching(/^110105\d{8}002X$/),
			phone: "13800138000",
		});
		expect(r.body.case).not.toHaveProperty("queryCodeHash");
		expect(r.body.events).toEqual([
			expect.objectContaining({ seq: 1, type: "registered", caseId: ids.A2 }),
			expect.objectContaining({ seq: 2, type: "task_opened", taskType: "acceptance", caseId: ids.A2 }),
		]);
	});

	it("a leader sees the ID number and phone masked", async () => {
		const r = await get(`/v1/cases/${ids.B1}`, leaderCity);
		expect(r.status).toBe(200);
		expect(r.body.case.petitioner).toEqual({ name: "张*", idNumber: "110105********002X", phone: "138****8000" });
		expect(JSON.stringify(r.body)).not.toContain("13800138000");
	});

	it("a case out of scope answers exactly like a missing one", async () => {
		const intake102 = { role: "intake", region: "431102" };
		const other = await get(`/v1/cases/${ids.A1}`, intake102);
		const missing = await get("/v1/cases/XF431127-2024-00000000", intake102);
		expect(other.status).toBe(404);
		expect(other.body).toEqual(missing.body);
		const wrongUnit = await get(`/v1/cases/${ids.A5}`, { role: "unit", region: "431127", unit: "431127-housing" });
		expect(wrongUnit.status).toBe(404);
		expect((await get(`/v1/cases/${ids.A4}`, { role: "unit", region: "431127", unit: "431127-housing" })).status).toBe(
			200,
		);
	});

	it("lists the actions the caller may take on the pending step (allowedActions)", async () => {
		const housing = { role: "unit", region: "431127", unit: "431127-housing" };
		// Intake has no step to act on while the unit handles the case; it may only link it as a repeat.
		expect((await get(`/v1/cases/${ids.A2}`, intake127)).body.allowedActions).toEqual(["link_repeat"]);
		expect((await get(`/v1/cases/${ids.A2}`, housing)).body.allowedActions).toEqual(["return", "extend", "reply"]);
		expect((await get(`/v1/cases/${ids.A3}`, { role: "reviewer", region: "431127" })).body.allowedActions).toEqual([
			"review_decision",
		]);
		expect((await get(`/v1/cases/${ids.A3}`, leaderCity)).body.allowedActions).toEqual([]);
		expect((await get(`/v1/cases/${ids.A2}`, { role: "admin", region: "431100" })).body.allowedActions).toEqual([
			"return",
			"extend",
			"reply",
			"link_repeat",
		]);
	});
});

describe("GET /v1/units", () => {
	it("lists a county's units", async () => {
		const r = await get("/v1/units?region=431127", intake127);
		expect(r.status).toBe(200);
		expect(r.body).toContainEqual({ id: "431127-housing", name: "蓝山县住房和城乡建设局", region: "431127" });
		expect(r.body.every((u: { region: string }) => u.region === "431127")).toBe(true);
	});

	it("a city's list is its counties' units", async () => {
		const r = await get("/v1/units?region=431100", leaderCity);
		expect(new Set(r.body.map((u: { region: string }) => u.region)).size).toBe(11);
	});

	it("needs a known region, within the caller's scope", async () => {
		expect((await get("/v1/units", intake127)).status).toBe(400);
		expect((await get("/v1/units?region=999999", intake127)).status).toBe(400);
		expect((await get("/v1/units?region=431102", intake127)).status).toBe(403);
	});
});
