/**
 * bench/cpu: what one submission costs each process, next to DynamoDB Local's floor. Reads the CPU
 * time of this node process (`process.cpuUsage()`) and of its DynamoDB Local (`/proc/<pid>/stat`)
 * around N submissions at concurrency 16 — with the stream's consumers running, without them, and the
 * stream's backlog alone — and around N raw two-item transactions; counts the DynamoDB calls per
 * operation by `X-Amz-Target` (node's http diagnostics channel). Linux only (/proc).
 * Usage: npm run bench:cpu [-- --submissions 300 --keys]
 *   --keys  every submission under its own Idempotency-Key (as the web form sends them)
 */
import diagnostics_channel from "node:diagnostics_channel";
import type { ClientRequest } from "node:http";
import { parseArgs } from "node:util";
import { rawClient, twoItemTransaction } from "./floor.ts";
import { cpuMs, dynamoDbLocalPid, javaThreadCpuMs, javaThreadCpuSince, warmUntilSettled } from "./process-cpu.ts";
import { launchDynamoDbLocal } from "#local/dynamodb.ts";
import { startStreamPoller } from "#local/stream-poller.ts";
import { startLocalSystem } from "#local/system.ts";
import { petitionOfNext } from "./people.ts";

const { values } = parseArgs({
	options: { submissions: { type: "string", default: "300" }, keys: { type: "boolean", default: false } },
});
const n = Number(values.submissions);

const calls = new Map<string, number>();
diagnostics_channel.subscribe("http.client.request.start", (message) => {
	const request = (message as { request: ClientRequest }).request;
	const op =
		String(request.getHeader("x-amz-target") ?? request.path)
			.split(".")
			.pop() ?? "?";
	calls.set(op, (calls.get(op) ?? 0) + 1);
});

async function main() {
	const db = await launchDynamoDbLocal();
	const system = await startLocalSystem({ submissionLimits: "off", port: 0, dynamodbEndpoint: db.endpoint });
	const java = dynamoDbLocalPid();
	const raw = rawClient(db.endpoint);
	const transact = twoItemTransaction(raw, () => "x".repeat(400));
	let keyed = 0;
	const submit = async () => {
		const res = await fetch(`${system.url}/v1/petitions`, {
			method: "POST",
			headers: {
				"content-type": "application/json",
				...(values.keys ? { "idempotency-key": `bench-cpu-${process.pid}-${keyed++}` } : {}),
			},
			body: JSON.stringify(petitionOfNext()),
		});
		if (res.status !== 201) throw new Error(`status ${res.status}: ${await res.text()}`);
		await res.arrayBuffer();
	};
	const run = async (
		label: string,
		ops: number,
		concurrency: number,
		op: () => Promise<void>,
		after?: () => Promise<void>,
	) => {
		calls.clear();
		const node0 = process.cpuUsage();
		const java0 = cpuMs(java);
		const threads0 = javaThreadCpuMs(java);
		let i = 0;
		await Promise.all(
			Array.from({ length: concurrency }, async () => {
				while (i++ < ops) await op();
			}),
		);
		await after?.();
		const node = process.cpuUsage(node0);
		const threads = javaThreadCpuSince(threads0, javaThreadCpuMs(java));
		const perOp = [...calls].sort((a, b) => b[1] - a[1]).map(([c, v]) => `${c} ${(v / ops).toFixed(2)}`);
		const ms = (v: number | undefined) => ((v ?? 0) / ops).toFixed(2).padStart(6);
		console.log(
			`${label.padEnd(44)} | ${((cpuMs(java) - java0) / ops).toFixed(2).padStart(9)} | ${ms(threads.get("SQLite queue"))} | ${ms(threads.get("HTTP (Jetty)"))} | ${ms(threads.get("JIT compilers"))} | ${((node.user + node.system) / 1000 / ops).toFixed(2).padStart(7)} | ${perOp.join(", ")}`,
		);
	};
	try {
		// Warm-up until DynamoDB Local's JIT compilers have settled: a JVM still compiling charges that
		// work to whatever runs, so the rows below all stand on a warm JVM.
		const warm = await warmUntilSettled(java, async () => {
			await run("(warm-up)", 300, 16, submit, () => system.poller.drain());
			await run("(warm-up)", 1000, 16, transact);
		});
		console.log(
			`bench/cpu — ${n} per row, concurrency 16${values.keys ? ", Idempotency-Key on every submission" : ""}; after ${warm.slices} warm-up rounds (DynamoDB Local's JIT compilers ${(warm.compilerShare * 100).toFixed(0)} % of its CPU in the last)`,
		);
		console.log(
			"per operation                                | java ms/op | SQLite | Jetty  |  JIT   | node ms/op | DynamoDB calls per operation",
		);
		await run("raw two-item TransactWriteItems (floor)", 1000, 16, transact);
		await run("submission with its stream work", n, 16, submit, () => system.poller.drain());
		await system.poller.stop();
		await run("submission, request and workflow only", n, 16, submit);
		const poller = startStreamPoller({ endpoint: db.endpoint });
		await run(
			"the stream work of those, as a backlog",
			n,
			1,
			async () => undefined,
			() => poller.drain(),
		);
		await poller.stop();
		await run("raw two-item TransactWriteItems (floor)", 1000, 16, transact);
	} finally {
		raw.destroy();
		await system.stop().catch(() => undefined);
		await db.stop();
	}
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
