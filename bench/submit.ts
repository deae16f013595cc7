/**
 * bench/submit: online submissions per second and latency (p50/p99) through the local gateway at
 * concurrency 1, 16 and 64, next to the raw DynamoDB Local PutItem and two-item transaction rates
 * measured in the same run (the table's format is fixed: one row per concurrency, last column ÷ tx).
 * After the table, the stream poller's lag while each row ran: how long an event waited, at most,
 * between its write and its delivery to the counters, and how long the backlog took to clear.
 * Usage: npm run bench:submit [-- --seconds 5]
 */
import { parseArgs } from "node:util";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { rawClient, twoItemTransaction } from "./floor.ts";
import { dynamoDbLocalPid, warmUntilSettled } from "./process-cpu.ts";
import { startLocalSystem } from "#local/system.ts";
import { launchDynamoDbLocal } from "#local/dynamodb.ts";
import { residentIdCheckChar } from "#shared/domain/identity.ts";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "5" } } });
const seconds = Number(values.seconds);

interface Figure {
	ops: number;
	perSecond: number;
	p50: number;
	p99: number;
}

async function measure(concurrency: number, op: () => Promise<void>, forSeconds = seconds): Promise<Figure> {
	const latencies: number[] = [];
	const end = performance.now() + forSeconds * 1000;
	const start = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (performance.now() < end) {
				const t = performance.now();
				await op();
				latencies.push(performance.now() - t);
			}
		}),
	);
	const elapsed = (performance.now() - start) / 1000;
	latencies.sort((a, b) => a - b);
	const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
	return { ops: latencies.length, perSecond: latencies.length / elapsed, p50: q(0.5), p99: q(0.99) };
}

/** Each submission is another person's (a new valid ID), so none is taken for a repeat petition. */
let people = 0;
const body = () => {
	const [day, month, seq] = [people % 28, Math.floor(people / 28) % 12, Math.floor(people / 336) % 1000];
	people++;
	const first17 = `4311271950${String(month + 1).padStart(2, "0")}${String(day + 1).padStart(2, "0")}${String(seq).padStart(3, "0")}`;
	return JSON.stringify({
		petitioner: { name: "张三", idNumber: first17 + residentIdCheckChar(first17), phone: "13800138000" },
		region: "431127",
		category: "appeal",
		title: "基准测试",
		content: "请求、事实和理由。".repeat(20),
	});
};

async function main() {
	const db = await launchDynamoDbLocal();
	const system = await startLocalSystem({ submissionLimits: "off", port: 0, dynamodbEndpoint: db.endpoint });
	const raw = rawClient(db.endpoint);
	let n = 0;
	let shed = 0;
	const submit = async () => {
		// Beyond the gateway's requests in flight a submission is shed with 503: the client tries again
		// shortly with the same body (the latency counts the wait), as the web form does with its Idempotency-Key.
		const b = body();
		for (;;) {
			const res = await fetch(`${system.url}/v1/petitions`, {
				method: "POST",
				headers: { "content-type": "application/json" },
				body: b,
			});
			if (res.status === 503) {
				shed++;
				await res.arrayBuffer();
				await new Promise((r) => setTimeout(r, 20));
				continue;
			}
			if (res.status !== 201) throw new Error(`status ${res.status}: ${await res.text()}`);
			await res.arrayBuffer();
			return;
		}
	};
	const put = async () => {
		n++;
		await raw.send(
			new PutItemCommand({
				TableName: "counters",
				Item: { pk: { S: `bench#${n}` }, sk: { S: "x" }, body: { S: body() } },
			}),
		);
	};
	const transact = twoItemTransaction(raw, body);
	try {
		// Warm-up (connections, table files, the JIT) until DynamoDB Local's compilers have settled: both the
		// submissions and the floor's transactions are then measured on a warm JVM.
		const warm0 = performance.now();
		const warm = await warmUntilSettled(dynamoDbLocalPid(), async () => {
			await measure(16, submit, 4);
			await measure(16, transact, 1);
		});
		const rows: string[] = [];
		console.log(
			`bench/submit — ${seconds} s per figure, DynamoDB Local in memory, after ${((performance.now() - warm0) / 1000).toFixed(0)} s of warm-up (its JIT compilers ${(warm.compilerShare * 100).toFixed(0)} % of its CPU at the end)`,
		);
		console.log("concurrency | submissions/s | p50 ms | p99 ms | raw PutItem/s | raw 2-item tx/s | ÷ PutItem | ÷ tx");
		const lags: string[] = [];
		for (const c of [1, 16, 64]) {
			system.poller.lag(true);
			shed = 0;
			const s = await measure(c, submit);
			const shedInRow = shed;
			const behind = performance.now();
			await system.poller.drain();
			const catchUp = performance.now() - behind;
			const lag = system.poller.lag(true);
			lags.push(
				`${String(c).padStart(11)} | ${String(lag.records).padStart(7)} | ${lag.p50Ms.toFixed(0).padStart(6)} | ${lag.p99Ms.toFixed(0).padStart(6)} | ${lag.maxMs.toFixed(0).padStart(6)} | ${catchUp.toFixed(0).padStart(11)} | ${shedInRow}`,
			);
			const p = await measure(c, put);
			const t = await measure(c, transact);
			const row = [
				String(c).padStart(11),
				s.perSecond.toFixed(0).padStart(13),
				s.p50.toFixed(1).padStart(6),
				s.p99.toFixed(1).padStart(6),
				p.perSecond.toFixed(0).padStart(13),
				t.perSecond.toFixed(0).padStart(15),
				(s.perSecond / p.perSecond).toFixed(2).padStart(9),
				(s.perSecond / t.perSecond).toFixed(2),
			].join(" | ");
			rows.push(row);
			console.log(row);
		}
		console.log(
			"\nstream → counters lag during each row (upper bound per event, ms), the catch-up after it, and 503s shed by the gateway (retried)",
		);
		console.log("concurrency |  events | p50 ms | p99 ms | max ms | catch-up ms | shed");
		for (const l of lags) console.log(l);
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
