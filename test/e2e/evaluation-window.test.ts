/**
 * 参评率's denominator on the real ASL and the virtual clock: a reply counts there once its evaluation
 * window has ended, recorded as `evaluation_window_closed` in the case's own transaction — by the
 * review window's close for an appeal (both windows end together), by the workflow's evaluation timer
 * (`<case id>.evaluation`) for a suggestion closed at its reply and for an appeal gone to 复查. Exactly once: a second delivery of the stream record, a retried
 * task and a repeated start change nothing; the recount equals the counters.
 */
import { DescribeExecutionCommand, SFNClient } from "@aws-sdk/client-sfn";
import type { DynamoDBRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler as aggregate } from "#functions/stats/aggregate-events.ts";
import { documentClient, tableName } from "#shared/aws/clients.ts";
import { caseDeps } from "#shared/aws/deps.ts";
import { endEvaluationWindow, evaluationExecutionName, startEvaluationTimer } from "#shared/cases/steps.ts";
import { casesTable, countersTable } from "#shared/specs/tables.ts";
import { recount } from "#shared/stats/recount.ts";
import { startStreamPoller } from "#local/stream-poller.ts";
import type { LocalSystem } from "#local/system.ts";
import { api } from "../support/api.ts";
import { startTestSystem } from "../support/system.ts";

let system: LocalSystem;
let a: ReturnType<typeof api>;
let leader: string;
const cases: Record<"suggestion" | "reviewed" | "evaluated", { caseId: string; queryCode: string }> = {} as never;

async function stats() {
	const res = await fetch(`${system.url}/v1/stats?region=431127&year=2024`, {
		headers: { authorization: `Bearer ${leader}` },
	});
	expect(res.status).toBe(200);
	return (await res.json()) as Record<string, any>;
}

async function windowEvents(caseId: string) {
	return (await caseDeps().store.events(caseId)).filter((e) => e.type === "evaluation_window_closed");
}

/** The stream's records of evaluation_window_closed events, as Lambda would deliver them. */
async function windowRecords(): Promise<DynamoDBRecord[]> {
	const records: DynamoDBRecord[] = [];
	const capture = startStreamPoller({
		endpoint: system.dynamodbEndpoint,
		invoke: async (name, event) => {
			if (name === "aggregateEvents") records.push(...event.Records);
			return { batchItemFailures: [] };
		},
	});
	await capture.drain();
	await capture.stop();
	return records.filter((r) => r.dynamodb?.NewImage?.type?.S === "evaluation_window_closed");
}

beforeAll(async () => {
	// Replies on 2024-03-01 09:00 CST: the evaluation window runs to the end of 31 March.
	system = await startTestSystem({ clock: "virtual", start: "2024-03-01T09:00:00+08:00" });
	a = api(system);
	leader = await a.token("leader", "431127");
	const intake = await a.token("intake", "431127");
	const housing = await a.token("unit", "431127", "431127-housing");
	const ok = async (p: Promise<{ status: number; body: unknown }>) => {
		const r = await p;
		if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
		return r;
	};
	const replied = async (category: string) => {
		const c = await a.submit({ category });
		await ok(a.act(intake, c.caseId, { type: "accept", category, unit: "431127-housing" }));
		await ok(
			a.act(housing, c.caseId, { type: "reply", outcome: "resolved", mediated: false, text: "经调查，已依法处理。" }),
		);
		return c;
	};
	cases.suggestion = await replied("suggestion"); // closed at the reply
	cases.reviewed = await replied("appeal");
	await ok(a.requestReview(cases.reviewed.caseId, cases.reviewed.queryCode)); // in 复查 while its evaluation window runs
	cases.evaluated = await replied("appeal");
	await ok(a.evaluate(cases.evaluated.caseId, cases.evaluated.queryCode, "satisfied"));
	await system.poller.drain();
}, 120_000);
afterAll(() => system.stop());

describe("the evaluation window's end", () => {
	it("while the windows are open, the unevaluated replies are pending — also the suggestion closed at its reply", async () => {
		expect(await stats()).toMatchObject({ completed: 3, evaluated: 1, evaluationPending: 2, evaluationRate: 1 });
		for (const c of Object.values(cases)) expect(await windowEvents(c.caseId)).toEqual([]);
		expect((await a.track(cases.suggestion.caseId, cases.suggestion.queryCode)).body).toMatchObject({
			status: "closed",
			canEvaluate: true,
		});
	});

	it("on the window's last day they are still pending; the day after, each counts in the denominator once", async () => {
		await a.advance(30); // 2024-03-31 09:00 CST
		await system.poller.drain();
		expect(await stats()).toMatchObject({ evaluationPending: 2, evaluationRate: 1 });
		await a.advance(1); // 2024-04-01 09:00 CST
		await system.poller.drain();
		const s = await stats();
		expect(s).toMatchObject({ completed: 3, evaluated: 1, evaluationPending: 0 });
		expect(s.evaluationRate).toBeCloseTo(1 / 3, 10);
		for (const c of Object.values(cases)) expect(await windowEvents(c.caseId), c.caseId).toHaveLength(1);
		// The window is over for the petitioner too.
		expect((await a.track(cases.suggestion.caseId, cases.suggestion.queryCode)).body).toMatchObject({
			canEvaluate: false,
		});
		expect((await a.evaluate(cases.suggestion.caseId, cases.suggestion.queryCode, "satisfied")).status).toBe(409);
		// The evaluated appeal's review window closed with it, in the same write; the others' timers ran as
		// executions of the case lifecycle of their own and finished.
		expect((await caseDeps().store.events(cases.evaluated.caseId)).map((e) => e.type).slice(-2)).toEqual([
			"closed",
			"evaluation_window_closed",
		]);
		const sfn = new SFNClient({
			endpoint: `${system.url}/local/sfn`,
			region: "local",
			credentials: { accessKeyId: "x", secretAccessKey: "x" },
		});
		for (const c of [cases.suggestion, cases.reviewed]) {
			const arn = `${process.env.CASE_WORKFLOW_ARN?.replace(":stateMachine:", ":execution:")}:${evaluationExecutionName(c.caseId)}`;
			expect((await sfn.send(new DescribeExecutionCommand({ executionArn: arn }))).status).toBe("SUCCEEDED");
		}
		sfn.destroy();
	});

	it("the stream record delivered twice, the task retried and the timer started again change nothing", async () => {
		const before = await stats();
		const records = await windowRecords();
		expect(records).toHaveLength(3);
		expect((await aggregate({ Records: records })).batchItemFailures).toEqual([]);
		expect((await aggregate({ Records: [...records, ...records] })).batchItemFailures).toEqual([]);
		for (const c of Object.values(cases)) {
			expect(await endEvaluationWindow(caseDeps().store, c.caseId)).toEqual({ closed: false });
			await startEvaluationTimer(caseDeps().workflow, c.caseId, "2024-04-01T00:00:00.000+08:00");
		}
		await a.advance(1);
		await system.poller.drain();
		for (const c of Object.values(cases)) expect(await windowEvents(c.caseId)).toHaveLength(1);
		const after = await stats();
		expect(after).toMatchObject({ evaluationPending: 0, completed: 3, evaluated: 1 });
		expect(after.evaluationRate).toBe(before.evaluationRate);
	});

	it("the recount from the case records equals the counters", async () => {
		const r = await recount(
			documentClient(),
			{ cases: tableName(casesTable), counters: tableName(countersTable) },
			{ region: "431127", year: 2024 },
		);
		expect(r.differences).toEqual([]);
		expect(r.stored["431127#2024"]).toMatchObject({ replied: 3, evaluated: 1, evaluationPending: 0 });
	});
});
