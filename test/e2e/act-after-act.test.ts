/**
 * No valid action is refused by the system's own writes: every step is acted on the moment the request
 * before it answered, on the real clock while the workflow catches up in the background — every path,
 * staff and petitioner steps, 100 cases. Then every execution must have followed to its end.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalSystem } from "#local/system.ts";
import { api, type Reply, shed } from "../support/api.ts";
import { startTestSystem } from "../support/system.ts";

let system: LocalSystem;
let a: ReturnType<typeof api>;
let tokens: Record<"intake" | "housing" | "hrss" | "county" | "city", string>;

beforeAll(async () => {
	system = await startTestSystem();
	a = api(system);
	tokens = {
		intake: await a.token("intake", "431127"),
		housing: await a.token("unit", "431127", "431127-housing"),
		hrss: await a.token("unit", "431127", "431127-hrss"),
		county: await a.token("reviewer", "431127"),
		city: await a.token("reviewer", "431100"),
	};
});
afterAll(() => system.stop());

type Step = (c: { caseId: string; queryCode: string }) => Promise<Reply>;

const act =
	(who: keyof typeof tokens, body: Record<string, unknown>): Step =>
	(c) =>
		a.act(tokens[who], c.caseId, body);
const reply = (who: "housing" | "hrss"): Step =>
	act(who, { type: "reply", outcome: "resolved", mediated: false, text: "经调查，已责成相关部门整改。" });
const decide = (who: "county" | "city"): Step =>
	act(who, { type: "review_decision", outcome: "upheld", text: "维持原处理意见。" });
const askReview: Step = (c) => a.requestReview(c.caseId, c.queryCode);
const evaluate: Step = (c) => a.evaluate(c.caseId, c.queryCode, "satisfied");

/** Every path of the lifecycle, each step sent as soon as the one before answered. */
const paths: Record<string, { category: string; steps: Step[] }> = {
	"accept → return → accept → extend → reply → evaluate → 复查 → decision → 复核 → decision": {
		category: "appeal",
		steps: [
			act("intake", { type: "accept", category: "appeal", unit: "431127-hrss" }),
			act("hrss", { type: "return", reason: "不属于本单位职责" }),
			act("intake", { type: "accept", category: "appeal", unit: "431127-housing" }),
			act("housing", { type: "extend", reason: "案情复杂" }),
			reply("housing"),
			evaluate,
			askReview,
			decide("county"),
			askReview,
			decide("city"),
		],
	},
	reject: { category: "complaint", steps: [act("intake", { type: "reject", reason: "不属于信访事项" })] },
	"route to another procedure": {
		category: "appeal",
		steps: [
			act("intake", {
				type: "route_other_procedure",
				procedure: "litigation",
				reason: "已进入诉讼程序",
				mediated: true,
			}),
		],
	},
	"suggestion: accept → reply → evaluate": {
		category: "suggestion",
		steps: [
			act("intake", { type: "accept", category: "suggestion", unit: "431127-housing" }),
			reply("housing"),
			evaluate,
		],
	},
};

describe("act immediately after act", () => {
	it("100 cases over every path: 0 refusals, and every execution follows to its end", async () => {
		const names = Object.keys(paths);
		const refusals: string[] = [];
		const cases: string[] = [];
		let requests = 0;
		const runOne = async (i: number) => {
			const name = names[i % names.length] as string;
			const path = paths[name] as (typeof paths)[string];
			const c = await a.submit({ category: path.category });
			cases.push(c.caseId);
			for (const [n, step] of path.steps.entries()) {
				const r = await step(c);
				requests++;
				if (r.status >= 300) refusals.push(`${name} #${n + 1}: ${r.status} ${r.body?.error?.code}`);
			}
		};
		const t0 = Date.now();
		for (let i = 0; i < 100; i += 25) await Promise.all(Array.from({ length: 25 }, (_, k) => runOne(i + k)));
		console.log(
			`act-after-act: 100 cases, ${requests} actions in ${Date.now() - t0} ms, ${refusals.length} refused, ${shed.retried} shed under load and sent again`,
		);
		expect(refusals).toEqual([]);

		// The workflow of every case follows the decisions to its end (all paths above close the case).
		const machine = process.env.CASE_WORKFLOW_ARN?.replace(":stateMachine:", ":execution:");
		const deadline = Date.now() + 90_000;
		let running = cases;
		while (running.length && Date.now() < deadline) {
			const states = await Promise.all(
				running.map(async (id) => {
					const d = await system.engine.describeExecution({ executionArn: `${machine}:${id}` });
					return [id, d.status === "FAILED" ? `FAILED ${d.error}: ${d.cause?.slice(0, 200)}` : d.status] as const;
				}),
			);
			running = states.filter(([, s]) => s === "RUNNING").map(([id]) => id);
			expect(states.filter(([, s]) => s !== "RUNNING" && s !== "SUCCEEDED")).toEqual([]);
			if (running.length) await new Promise((r) => setTimeout(r, 200));
		}
		expect(running).toEqual([]);
	}, 240_000);
});
