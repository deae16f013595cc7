/**
 * The statutory lifecycle through HTTP on the virtual clock: every path, the deadline boundaries,
 * duplicate callbacks and the execution's billed transitions. Cases start on 2024-03-01 09:00 CST.
 *
 * The rules' boundary days are tested directly in test/unit/lifecycle.test.ts; here each path runs
 * through the real system. Every test submits its own cases and measures its deadlines from its own
 * submission on the shared virtual clock (whole days, so the time of day stays 09:00), so no test
 * depends on another having run: each suite runs in a random order.
 */
import { GetExecutionHistoryCommand, SFNClient } from "@aws-sdk/client-sfn";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalSystem } from "#local/system.ts";
import { api } from "../support/api.ts";
import { startTestSystem } from "../support/system.ts";

let system: LocalSystem;
let a: ReturnType<typeof api>;
let intake: string;
let housing: string;
let hrss: string;
let countyReviewer: string;
let cityReviewer: string;

beforeAll(async () => {
	system = await startTestSystem({ clock: "virtual", start: "2024-03-01T09:00:00+08:00" });
	a = api(system);
	intake = await a.token("intake", "431127");
	housing = await a.token("unit", "431127", "431127-housing");
	hrss = await a.token("unit", "431127", "431127-hrss");
	countyReviewer = await a.token("reviewer", "431127");
	cityReviewer = await a.token("reviewer", "431100");
});
afterAll(() => system.stop());

const accept = (caseId: string, unit = "431127-housing", category = "appeal") =>
	a.act(intake, caseId, { type: "accept", category, unit });
const reply = (token: string, caseId: string, mediated = false) =>
	a.act(token, caseId, { type: "reply", outcome: "resolved", mediated, text: "经调查，已责成相关部门整改。" });

async function eventsOf(caseId: string) {
	const r = await a.caseDetail(intake, caseId);
	return r.body.events as { type: string; onTime?: boolean; taskType?: string; closeReason?: string }[];
}

/** Billed state transitions: every state entered (AWS bills each state transition of a Standard workflow). */
async function transitions(caseId: string): Promise<number> {
	const sfn = new SFNClient({
		endpoint: `${system.url}/local/sfn`,
		region: "local",
		credentials: { accessKeyId: "x", secretAccessKey: "x" },
	});
	const arn = `${process.env.CASE_WORKFLOW_ARN?.replace(":stateMachine:", ":execution:")}:${caseId}`;
	let events: { type?: string }[] = [];
	let nextToken: string | undefined;
	do {
		const out = await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, nextToken, maxResults: 1000 }));
		events = events.concat(out.events ?? []);
		nextToken = out.nextToken;
	} while (nextToken);
	sfn.destroy();
	return events.filter((e) => e.type?.endsWith("StateEntered")).length;
}

const transitionCounts: Record<string, number> = {};

describe.shuffle("paths of the lifecycle", () => {
	it("happy path: accept → reply → the review window passes → closed (≤ 12 transitions)", async () => {
		const c = await a.submit();
		expect((await accept(c.caseId)).body.stage).toBe("handling");
		expect((await reply(housing, c.caseId, true)).body.stage).toBe("review_window");
		await a.advance(31);
		const t = await a.track(c.caseId, c.queryCode);
		expect(t.body).toMatchObject({
			status: "closed",
			stage: "closed",
			closeReason: "window_expired",
			canEvaluate: false,
			canRequest: null,
		});
		expect(t.body.documents.map((d: { kind: string }) => d.kind)).toEqual(["acceptance_notice", "reply"]);
		// The review and evaluation windows end at the same moment (30 days after the reply): either event may come first.
		const types = (await eventsOf(c.caseId)).map((e) => e.type).filter((x) => x !== "task_opened");
		expect(types.slice(0, 3)).toEqual(["registered", "accepted", "replied"]);
		expect(types.slice(3).sort()).toEqual(["closed", "evaluation_window_closed"]);
		transitionCounts.happy = await transitions(c.caseId);
		expect(transitionCounts.happy).toBeLessThanOrEqual(12);
	});

	it("reject: 不予受理 with its notice, closed at once", async () => {
		const c = await a.submit();
		const r = await a.act(intake, c.caseId, { type: "reject", reason: "不属于信访事项受理范围" });
		expect(r.status).toBe(200);
		expect(r.body).toMatchObject({ status: "closed", closeReason: "not_accepted", route: "not_accepted" });
		const t = await a.track(c.caseId, c.queryCode);
		expect(t.body.documents[0]).toMatchObject({
			kind: "rejection_notice",
			text: expect.stringContaining("不属于信访事项受理范围"),
		});
		transitionCounts.reject = await transitions(c.caseId);
	});

	it("another statutory procedure: routed with a notice, closed, mediation recorded", async () => {
		const c = await a.submit();
		const r = await a.act(intake, c.caseId, {
			type: "route_other_procedure",
			procedure: "litigation",
			reason: "应通过诉讼解决",
			mediated: true,
		});
		expect(r.body).toMatchObject({
			status: "closed",
			closeReason: "other_procedure",
			procedure: "litigation",
			mediated: true,
		});
		expect((await a.track(c.caseId, c.queryCode)).body.documents[0].kind).toBe("other_procedure_notice");
		transitionCounts.otherProcedure = await transitions(c.caseId);
	});

	it("a suggestion is answered and closed at the reply, without a review window", async () => {
		const c = await a.submit({ category: "suggestion" });
		await accept(c.caseId, "431127-housing", "suggestion");
		const r = await reply(housing, c.caseId);
		expect(r.body).toMatchObject({ status: "closed", closeReason: "replied" });
		const req = await a.requestReview(c.caseId, c.queryCode);
		expect(req.status).toBe(409);
		expect(req.body.error.code).toBe("NOT_REVIEWABLE");
	});

	it("return then re-assign: the wrong unit returns it, intake transfers again, the right unit replies", async () => {
		const c = await a.submit();
		await accept(c.caseId, "431127-hrss");
		const ret = await a.act(hrss, c.caseId, { type: "return", reason: "不属于本单位职责" });
		expect(ret.status).toBe(200);
		expect(ret.body).toMatchObject({ stage: "acceptance", returns: 1 });
		expect(
			(await a.act(hrss, c.caseId, { type: "reply", outcome: "resolved", mediated: false, text: "x" })).status,
		).toBe(404);
		expect((await accept(c.caseId, "431127-housing")).body).toMatchObject({
			stage: "handling",
			transfers: 2,
			unit: "431127-housing",
		});
		expect((await reply(housing, c.caseId)).status).toBe(200);
		const types = (await eventsOf(c.caseId)).map((e) => e.type).filter((x) => x !== "task_opened");
		expect(types).toEqual(["registered", "accepted", "returned", "accepted", "replied"]);
		transitionCounts.returned = await transitions(c.caseId);
	});

	it("review and re-review: 复查 by the county, 复核 by the city, then 终结 and no further request", async () => {
		const c = await a.submit();
		await accept(c.caseId);
		await reply(housing, c.caseId);
		expect((await a.requestReview(c.caseId, c.queryCode)).body.stage).toBe("review");
		expect(
			(await a.act(cityReviewer, c.caseId, { type: "review_decision", outcome: "upheld", text: "维持" })).status,
		).toBe(403);
		expect(
			(await a.act(countyReviewer, c.caseId, { type: "review_decision", outcome: "upheld", text: "维持原处理意见" }))
				.body.stage,
		).toBe("rereview_window");
		expect((await a.requestReview(c.caseId, c.queryCode, "仍不服")).body.stage).toBe("rereview");
		expect(
			(await a.act(countyReviewer, c.caseId, { type: "review_decision", outcome: "changed", text: "x" })).status,
		).toBe(403);
		const final = await a.act(cityReviewer, c.caseId, {
			type: "review_decision",
			outcome: "changed",
			text: "变更为支持",
		});
		expect(final.body).toMatchObject({ status: "closed", closeReason: "final" });
		const again = await a.requestReview(c.caseId, c.queryCode);
		expect(again.status).toBe(409);
		expect(again.body.error).toMatchObject({ code: "FINAL", message: expect.stringContaining("不再受理") });
		const docs = (await a.track(c.caseId, c.queryCode)).body.documents.map((d: { kind: string }) => d.kind);
		expect(docs).toEqual(["acceptance_notice", "reply", "review_decision", "rereview_decision"]);
		transitionCounts.rereview = await transitions(c.caseId);
	});
});

describe.shuffle("deadlines on the virtual clock", () => {
	it("acceptance decided on day 15 is on time", async () => {
		const c = await a.submit();
		await a.advance(15);
		await accept(c.caseId);
		const ev = (await eventsOf(c.caseId)).find((e) => e.type === "accepted");
		expect(ev?.onTime).toBe(true);
		expect((await eventsOf(c.caseId)).some((e) => e.type === "overdue")).toBe(false);
	});

	it("acceptance on day 16 is overdue: 督办 at the deadline, the step stays open and can still be decided", async () => {
		const c = await a.submit();
		await a.advance(16);
		const detail = await a.caseDetail(intake, c.caseId);
		expect(detail.body.case).toMatchObject({ stage: "acceptance", overdue: true, supervisions: 1, status: "open" });
		expect(detail.body.events.find((e: { type: string }) => e.type === "overdue")).toMatchObject({
			taskType: "acceptance",
		});
		expect((await accept(c.caseId)).status).toBe(200);
		expect((await eventsOf(c.caseId)).find((e) => e.type === "accepted")?.onTime).toBe(false);
		transitionCounts.overdueAcceptance = await transitions(c.caseId);
	});

	it("a step nobody acts on is chased again every 5 days and never closed by the clock", async () => {
		const c = await a.submit();
		await a.advance(27); // due end of day 15, then follow-ups at +5 and +10 days
		const detail = await a.caseDetail(intake, c.caseId);
		expect(detail.body.case).toMatchObject({ status: "open", stage: "acceptance", supervisions: 3 });
	});

	it("reply on day 60 after acceptance is on time, on day 61 overdue", async () => {
		const onTime = await a.submit();
		const late = await a.submit();
		await accept(onTime.caseId);
		await accept(late.caseId);
		await a.advance(60);
		await reply(housing, onTime.caseId);
		await a.advance(1);
		await reply(housing, late.caseId);
		const first = (await eventsOf(onTime.caseId)).find((e) => e.type === "replied");
		const second = await eventsOf(late.caseId);
		expect(first?.onTime).toBe(true);
		expect(second.find((e) => e.type === "replied")?.onTime).toBe(false);
		expect(second.some((e) => e.type === "overdue")).toBe(true);
	});

	it("after one extension a reply on day 90 is on time; a second extension is refused", async () => {
		const c = await a.submit();
		await accept(c.caseId);
		await a.advance(50);
		const ext = await a.act(housing, c.caseId, { type: "extend", reason: "案情复杂，需要调查取证" });
		expect(ext.status).toBe(200);
		expect((await a.track(c.caseId, c.queryCode)).body.documents.map((d: { kind: string }) => d.kind)).toContain(
			"extension_notice",
		);
		const twice = await a.act(housing, c.caseId, { type: "extend", reason: "再延" });
		expect(twice.status).toBe(409);
		expect(twice.body.error.code).toBe("ALREADY_EXTENDED");
		await a.advance(40);
		await reply(housing, c.caseId);
		const events = await eventsOf(c.caseId);
		expect(events.find((e) => e.type === "replied")?.onTime).toBe(true);
		expect(events.some((e) => e.type === "overdue")).toBe(false);
	});

	it("a review asked on day 30 after the reply is accepted; on day 31 refused with the reason in Chinese", async () => {
		const inTime = await a.submit();
		const tooLate = await a.submit();
		for (const c of [inTime, tooLate]) {
			await accept(c.caseId);
			await reply(housing, c.caseId);
		}
		await a.advance(30);
		expect((await a.requestReview(inTime.caseId, inTime.queryCode)).status).toBe(201);
		await a.advance(1);
		const refused = await a.requestReview(tooLate.caseId, tooLate.queryCode);
		expect(refused.status).toBe(409);
		expect(refused.body.error).toMatchObject({ code: "WINDOW_CLOSED", message: expect.stringMatching(/期限.*已过/) });
		expect((await a.track(tooLate.caseId, tooLate.queryCode)).body.closeReason).toBe("window_expired");
	});
});

describe.shuffle("actions against the pending step", () => {
	it("an action of the wrong type for the pending step is a 409", async () => {
		const c = await a.submit();
		const r = await a.act(intake, c.caseId, { type: "review_decision", outcome: "upheld", text: "x" });
		expect(r.status).toBe(403);
		const wrong = await a.act(housing, c.caseId, { type: "reply", outcome: "resolved", mediated: false, text: "x" });
		expect(wrong.status).toBe(404); // not the unit's case yet: it cannot even see it
		const foreignUnit = await accept(c.caseId, "431102-housing");
		expect(foreignUnit.status).toBe(400);
		expect(foreignUnit.body.error.details.issues[0].path).toBe("unit");
		const unknownType = await a.act(intake, c.caseId, { type: "approve" });
		expect(unknownType.status).toBe(400);
		await accept(c.caseId);
		const again = await accept(c.caseId);
		expect(again.status).toBe(409);
		expect(again.body.error.code).toBe("STEP_NOT_PENDING");
	});

	it("two concurrent identical actions: exactly one succeeds, the other gets 409, one event is written", async () => {
		const c = await a.submit();
		const [x, y] = await Promise.all([accept(c.caseId), accept(c.caseId)]);
		expect([x.status, y.status].sort()).toEqual([200, 409]);
		await system.virtual?.settle();
		expect((await eventsOf(c.caseId)).filter((e) => e.type === "accepted")).toHaveLength(1);
		expect((await reply(housing, c.caseId)).status).toBe(200);
	});

	it("evaluation after the reply, once", async () => {
		const c = await a.submit();
		expect((await a.evaluate(c.caseId, c.queryCode, "satisfied")).status).toBe(409);
		await accept(c.caseId);
		await reply(housing, c.caseId);
		const ok = await a.evaluate(c.caseId, c.queryCode, "basically_satisfied");
		expect(ok.status).toBe(201);
		expect(ok.body.evaluation.satisfaction).toBe("basically_satisfied");
		expect((await a.evaluate(c.caseId, c.queryCode, "satisfied")).body.error.code).toBe("ALREADY_EVALUATED");
	});

	it("intake registers a visit received earlier; its acceptance deadline counts from receipt", async () => {
		const r = await a.register(intake, {
			...{
				petitioner: { name: "李四", idNumber: "11010519491231002X", phone: "13900139000" },
				region: "431127",
				title: "来访",
				content: "请求解决欠薪问题",
			},
			channel: "visit",
			receivedAt: "2024-02-20T10:00:00+08:00",
		});
		expect(r.status).toBe(201);
		expect(r.body.dueAt).toBe("2024-03-06T15:59:59.999Z");
		const other = await a.register(intake, {
			...{
				petitioner: { name: "李四", idNumber: "11010519491231002X", phone: "13900139000" },
				region: "431102",
				title: "t",
				content: "c",
			},
			channel: "letter",
			receivedAt: "2024-02-20T10:00:00+08:00",
		});
		expect(other.status).toBe(403);
	});
});

afterAll(() => {
	console.log("billed state transitions per path:", JSON.stringify(transitionCounts));
});
