/**
 * GET /v1/stats end to end: cases in two counties over two years, driven through HTTP on the
 * virtual clock, the stream applied by the local poller; figures, share of the city, rank among its
 * counties and year on year. Then who may read what.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StreamPoller } from "#local/stream-poller.ts";
import type { LocalSystem } from "#local/system.ts";
import { api } from "../support/api.ts";
import { samplePetition, startTestSystem } from "../support/system.ts";

let system: LocalSystem;
let poller: StreamPoller;
let a: ReturnType<typeof api>;
let cityLeader: string;

async function stats(token: string | undefined, query: string) {
	const res = await fetch(`${system.url}/v1/stats?${query}`, {
		headers: token ? { authorization: `Bearer ${token}` } : {},
	});
	return { status: res.status, body: (await res.json()) as any };
}

beforeAll(async () => {
	system = await startTestSystem({ clock: "virtual", start: "2023-06-01T09:00:00+08:00" });
	poller = system.poller;
	a = api(system);
	const token = {
		lanshan: await a.token("intake", "431127"),
		lanshanHousing: await a.token("unit", "431127", "431127-housing"),
		lanshanHrss: await a.token("unit", "431127", "431127-hrss"),
		lingling: await a.token("intake", "431102"),
		linglingHousing: await a.token("unit", "431102", "431102-housing"),
	};
	const handled = async (county: "lanshan" | "lingling", returnFirst = false) => {
		const region = county === "lanshan" ? "431127" : "431102";
		const unit = county === "lanshan" ? token.lanshanHousing : token.linglingHousing;
		const c = await a.submit({ region });
		if (returnFirst) {
			await a.act(token.lanshan, c.caseId, { type: "accept", category: "appeal", unit: "431127-hrss" });
			await a.act(token.lanshanHrss, c.caseId, { type: "return", reason: "不属于本单位职责" });
		}
		await a.act(token[county], c.caseId, { type: "accept", category: "appeal", unit: `${region}-housing` });
		const r = await a.act(unit, c.caseId, { type: "reply", outcome: "resolved", mediated: true, text: "已调解" });
		if (r.status !== 200) throw new Error(`reply: ${r.status}`);
	};
	// 2023: 蓝山县 2, 零陵区 1
	await handled("lanshan");
	await handled("lanshan");
	await handled("lingling");
	await a.advance(365); // 2024-05-31
	// 2024: 蓝山县 3 (one letter, one returned once), 零陵区 2
	await handled("lanshan");
	await handled("lanshan", true);
	const letter = await a.register(token.lanshan, {
		...samplePetition(),
		channel: "letter",
		receivedAt: "2024-05-30T10:00:00+08:00",
	});
	await a.act(token.lanshan, letter.body.caseId, { type: "reject", reason: "不属于信访事项受理范围" });
	await handled("lingling");
	await handled("lingling");
	await poller.drain();
	cityLeader = await a.token("leader", "431100");
}, 120_000);
afterAll(() => system.stop());

describe("GET /v1/stats", () => {
	it("a county's year: counts, rates, share of the city, rank among its counties, year on year", async () => {
		const r = await stats(cityLeader, "region=431127&year=2024");
		expect(r.status).toBe(200);
		expect(r.body).toMatchObject({
			region: "431127",
			period: "2024",
			received: 3,
			byChannel: { letter: 1, visit: 0, online: 2 },
			accepted: 3,
			acceptedOnTime: 3,
			timelyAcceptanceRate: 1,
			due: 2,
			completed: 2,
			completedOnTime: 2,
			completionRate: 1,
			onTimeCompletionRate: 1,
			transferred: 3,
			transferReturned: 1,
			appeals: 2,
			appealsMediated: 2,
			otherProcedure: 0,
			reviews: 0,
			rereviews: 0,
			// Both replies are still inside their review and evaluation windows: pending, not 0%.
			evaluationRate: null,
			evaluationPending: 2,
			firstTimeResolutionRate: null,
			firstTimePending: 2,
			satisfactionRate: null,
		});
		expect(r.body.accurateTransferRate).toBeCloseTo(2 / 3, 10);
		expect(r.body.share).toMatchObject({ received: 0.6, letter: 1, online: 0.5, visit: null, appeals: 0.5 });
		// 零陵区 transferred both without a return: 1st; 蓝山县 2nd; counties without transfers are not ranked
		expect(r.body.rank).toMatchObject({ accurateTransferRate: 2, completionRate: 1, timelyAcceptanceRate: 1 });
		expect(r.body.yoy).toMatchObject({ received: 0.5, appeals: 0, transferred: 0.5 });
	});

	it("the city's figures are the sum of its counties' and the province is its parent", async () => {
		const r = await stats(cityLeader, "region=431100&year=2024");
		expect(r.body).toMatchObject({
			received: 5,
			transferred: 5,
			transferReturned: 1,
			completed: 4,
			share: { received: 1 },
			rank: { accurateTransferRate: 1 },
		});
		expect(r.body.accurateTransferRate).toBeCloseTo(0.8, 10);
		expect(r.body.yoy.received).toBeCloseTo(2 / 3, 10);
	});

	it("a month: the same figures for May 2024, compared with May 2023 (none)", async () => {
		const r = await stats(cityLeader, "region=431127&year=2024&month=5");
		expect(r.body).toMatchObject({ period: "2024-05", received: 3, yoy: { received: null } });
		const june2023 = await stats(cityLeader, "region=431127&year=2023&month=6");
		expect(june2023.body).toMatchObject({ period: "2023-06", received: 2, completed: 2 });
	});

	it("a region without cases: zeros and null rates", async () => {
		const r = await stats(cityLeader, "region=431129&year=2024");
		expect(r.body).toMatchObject({
			received: 0,
			timelyAcceptanceRate: null,
			completionRate: null,
			rank: { completionRate: null },
			share: { received: 0 },
		});
	});
});

describe("who may read stats", () => {
	it("leaders of the region or above and admins; not units, intake or reviewers; not a county leader for the city", async () => {
		const as = async (role: string, region: string, query: string, unit?: string) =>
			(await stats(await a.token(role, region, unit), query)).status;
		expect(await as("leader", "431127", "region=431127&year=2024")).toBe(200);
		expect(await as("leader", "430000", "region=431127&year=2024")).toBe(200);
		expect(await as("admin", "431102", "region=431100&year=2024")).toBe(200);
		expect(await as("leader", "431127", "region=431100&year=2024")).toBe(403);
		expect(await as("leader", "431127", "region=431102&year=2024")).toBe(403);
		expect(await as("intake", "431127", "region=431127&year=2024")).toBe(403);
		expect(await as("unit", "431127", "region=431127&year=2024", "431127-housing")).toBe(403);
		expect(await as("reviewer", "431127", "region=431127&year=2024")).toBe(403);
		expect((await stats(undefined, "region=431127&year=2024")).status).toBe(401);
	});

	it("a bad query is a 400", async () => {
		expect((await stats(cityLeader, "region=999999&year=2024")).status).toBe(400);
		expect((await stats(cityLeader, "region=431127")).status).toBe(400);
		expect((await stats(cityLeader, "region=431127&year=2024&month=13")).status).toBe(400);
	});
});

describe("GET /v1/reports/annual", () => {
	it("is Markdown whose every figure is the one GET /v1/stats gives", async () => {
		const res = await fetch(`${system.url}/v1/reports/annual?region=431127&year=2024`, {
			headers: { authorization: `Bearer ${cityLeader}` },
		});
		expect(res.status).toBe(200);
		expect(res.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
		const report = await res.text();
		const s = (await stats(cityLeader, "region=431127&year=2024")).body;
		expect(report).toMatch(/^# 蓝山县2024年度信访工作情况报告/);
		expect(report).toContain(
			`全县共登记信访事项${s.received}件，其中来信${s.byChannel.letter}件、来访${s.byChannel.visit}件、网信${s.byChannel.online}件`,
		);
		expect(report).toContain("信访总量同比上升50%");
		expect(report).toContain(`信访部门转交${s.transferred}件，准确转交率66.7%，位于全市第二`);
		expect(report).toContain(`申诉求决类总量${s.appeals}件，占全市的50%，其中协议调解成功${s.appealsMediated}件`);
	});

	it("follows the stats' rules on who may read it", async () => {
		const url = `${system.url}/v1/reports/annual?region=431100&year=2024`;
		const county = await fetch(url, { headers: { authorization: `Bearer ${await a.token("leader", "431127")}` } });
		expect(county.status).toBe(403);
		expect(((await county.json()) as any).error.code).toBe("FORBIDDEN");
		const noYear = await fetch(`${system.url}/v1/reports/annual?region=431127`, {
			headers: { authorization: `Bearer ${cityLeader}` },
		});
		expect(noYear.status).toBe(400);
	});
});
