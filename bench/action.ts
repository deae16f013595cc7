/**
 * bench/action: a staff action's latency through the local gateway — `accept` on cases waiting for
 * acceptance: HTTP → JWT → read the case and its pending task → one transaction (case, events, task)
 * → SendTaskSuccess to the workflow (its checkpoint, the next step's task) — at concurrency 1 and 16,
 * next to one raw two-item TransactWriteItems on DynamoDB Local measured in the same run.
 * Then where an action's time goes: the same action on further cases, each sent when the one before
 * has settled (its follow-up work and the stream's consumers done), with every DynamoDB call timed
 * (node's http diagnostics channel): the calls that answered before the action did are its own, and
 * their sum next to the floor is what no work in node can take off.
 * Usage: npm run bench:action [-- --cases 300]
 */
import diagnostics from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";
import { parseArgs } from "node:util";
import { rawClient, strictJson, twoItemTransaction } from "./floor.ts";
import { dynamoDbLocalPid, warmUntilSettled } from "./process-cpu.ts";
import { launchDynamoDbLocal } from "#local/dynamodb.ts";
import { startLocalSystem } from "#local/system.ts";
import { petitionOfNext } from "./people.ts";

const { values } = parseArgs({ options: { cases: { type: "string", default: "300" } } });
const perRow = Number(values.cases);

interface Figure {
	n: number;
	perSecond: number;
	p50: number;
	p99: number;
}

async function measure(items: number, concurrency: number, op: (i: number) => Promise<void>): Promise<Figure> {
	const latencies: number[] = [];
	let next = 0;
	const start = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			for (let i = next++; i < items; i = next++) {
				const t = performance.now();
				await op(i);
				latencies.push(performance.now() - t);
			}
		}),
	);
	const elapsed = (performance.now() - start) / 1000;
	latencies.sort((a, b) => a - b);
	const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
	return { n: latencies.length, perSecond: latencies.length / elapsed, p50: q(0.5), p99: q(0.99) };
}

/** DynamoDB calls (by X-Amz-Target) with their start and end, while `recording`. */
const ddbCalls: { op: string; start: number; end?: number }[] = [];
let recording = false;
const openCalls = new WeakMap<object, { op: string; start: number; end?: number }>();
diagnostics.subscribe("http.client.request.start", (msg) => {
	const { request } = msg as { request: ClientRequest };
	const target = String(request.getHeader("x-amz-target") ?? "");
	if (!recording || !target.startsWith("DynamoDB_20120810.")) return;
	const call = { op: target.slice(18), start: performance.now() };
	openCalls.set(request, call);
	ddbCalls.push(call);
});
diagnostics.subscribe("http.client.response.finish", (msg) => {
	const call = openCalls.get((msg as { request: ClientRequest }).request);
	if (call) call.end = performance.now();
});

const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

async function main() {
	const db = await launchDynamoDbLocal();
	const system = await startLocalSystem({ submissionLimits: "off", port: 0, dynamodbEndpoint: db.endpoint });
	const raw = rawClient(db.endpoint);
	const call = strictJson(system.url);
	const intake = {
		authorization: `Bearer ${(await call("POST", "/local/token", { user: "bench", role: "intake", region: "431127" })).token}`,
	};
	/** Cases whose acceptance step is open (the workflow has attached its token). */
	const prepare = async (n: number): Promise<string[]> => {
		const ids: string[] = [];
		await measure(n, 16, async () => {
			ids.push((await call("POST", "/v1/petitions", petitionOfNext())).caseId as string);
		});
		const open: string[] = [];
		for (const id of ids) {
			const until = performance.now() + 30_000;
			while (performance.now() < until) {
				const detail = (await call("GET", `/v1/cases/${id}`, undefined, intake)) as { events: { type: string }[] };
				if (detail.events.some((e) => e.type === "task_opened")) {
					open.push(id);
					break;
				}
				await new Promise((r) => setTimeout(r, 10));
			}
		}
		if (open.length < ids.length)
			console.log(`  (${ids.length - open.length} of ${ids.length} cases had no open step after 30 s; left out)`);
		await system.poller.drain();
		return open;
	};
	const transact = twoItemTransaction(raw, () => "x".repeat(400));
	/** The action measured: intake accepts a case waiting for acceptance and hands it to a unit. */
	const accept = (caseId: string) =>
		call(
			"POST",
			`/v1/cases/${caseId}/actions`,
			{ type: "accept", category: "appeal", unit: "431127-housing" },
			intake,
		).then(() => undefined);
	try {
		// Warm-up (connections, the JIT) until DynamoDB Local's compilers have settled, so that the actions
		// and the floor's transactions are measured on a warm JVM.
		const warm0 = performance.now();
		const warm = await warmUntilSettled(dynamoDbLocalPid(), async () => {
			const ids = await prepare(100);
			await measure(ids.length, 16, (i) => accept(ids[i] as string));
			await measure(300, 16, transact);
		});
		console.log(
			`bench/action — accept on ${perRow} cases per row, DynamoDB Local in memory, after ${((performance.now() - warm0) / 1000).toFixed(0)} s of warm-up (its JIT compilers ${(warm.compilerShare * 100).toFixed(0)} % of its CPU at the end)`,
		);
		console.log("concurrency | actions/s | p50 ms | p99 ms | raw 2-item tx p50 ms | raw tx/s | p50 ÷ tx p50");
		for (const c of [1, 16]) {
			const ids = await prepare(perRow);
			const a = await measure(ids.length, c, (i) => accept(ids[i] as string));
			await system.poller.drain();
			const t = await measure(perRow, c, transact);
			console.log(
				[
					String(c).padStart(11),
					a.perSecond.toFixed(0).padStart(9),
					a.p50.toFixed(1).padStart(6),
					a.p99.toFixed(1).padStart(6),
					t.p50.toFixed(1).padStart(20),
					t.perSecond.toFixed(0).padStart(8),
					(a.p50 / t.p50).toFixed(2),
				].join(" | "),
			);
		}
		// Where one action's time goes, each action alone on a settled system.
		const ids = await prepare(Math.min(perRow, 200));
		const own: number[] = [];
		const total: number[] = [];
		const byOp = new Map<string, number[]>();
		let followUps = 0;
		for (const id of ids) {
			await system.poller.drain();
			await new Promise((r) => setTimeout(r, 20));
			ddbCalls.length = 0;
			recording = true;
			const t0 = performance.now();
			await accept(id);
			const t1 = performance.now();
			await system.poller.drain();
			recording = false;
			const mine = ddbCalls.filter((c) => c.end !== undefined && c.end <= t1);
			followUps += ddbCalls.length - mine.length;
			total.push(t1 - t0);
			own.push(mine.reduce((sum, c) => sum + (c.end! - c.start), 0));
			const seen = new Map<string, number>();
			for (const c of mine) {
				const n = (seen.get(c.op) ?? 0) + 1;
				seen.set(c.op, n);
				const key = n === 1 ? c.op : `${c.op} #${n}`;
				byOp.set(key, [...(byOp.get(key) ?? []), c.end! - c.start]);
			}
		}
		const floor = await measure(perRow, 1, transact);
		console.log(`\nwhere an action's time goes — ${ids.length} accepts, each alone on a settled system (p50 ms)`);
		for (const [op, ms] of byOp)
			console.log(`  ${op.padEnd(28)} ${p50(ms).toFixed(2).padStart(6)}  (${ms.length} of ${ids.length} actions)`);
		console.log(
			`  ${"DynamoDB, the action's own".padEnd(28)} ${p50(own).toFixed(2).padStart(6)}  = ${(p50(own) / floor.p50).toFixed(2)} × the raw 2-item tx p50 (${floor.p50.toFixed(2)})`,
		);
		console.log(
			`  ${"the whole action".padEnd(28)} ${p50(total).toFixed(2).padStart(6)}  = ${(p50(total) / floor.p50).toFixed(2)} × the raw 2-item tx p50`,
		);
		console.log(`  ${"node (the rest)".padEnd(28)} ${(p50(total) - p50(own)).toFixed(2).padStart(6)}`);
		console.log(
			`  follow-up DynamoDB calls after the answer: ${(followUps / ids.length).toFixed(1)} an action (the next step's token, counters, SMS)`,
		);
	} finally {
		raw.destroy();
		await system.stop();
		await db.stop();
	}
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
