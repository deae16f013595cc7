/**
 * bench/overdue: time at scale. N cases (default 2,000) wait for acceptance and nobody acts; then one
 * `POST /local/clock/advance {"days": 31}` lets their deadlines pass: every case is supervised (督办) on
 * day 16 and chased again every 5 days. Prints how long the advance took to answer (the timers drained
 * in batches, the counters caught up), the supervision notices it produced, and DynamoDB Local's own
 * floor measured in the same run (two-item transactions per second at concurrency 16).
 * Usage: npm run bench:overdue [-- --cases 2000 --days 31]
 */
import { request } from "node:http";
import { parseArgs } from "node:util";
import { DynamoDBClient, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { launchDynamoDbLocal } from "#local/dynamodb.ts";
import { startLocalSystem } from "#local/system.ts";
import { petitionOfNext } from "./people.ts";

const { values } = parseArgs({
	options: { cases: { type: "string", default: "2000" }, days: { type: "string", default: "31" } },
});
const cases = Number(values.cases);
const days = Number(values.days);

async function transactionsPerSecond(endpoint: string, seconds: number, concurrency: number): Promise<number> {
	const raw = new DynamoDBClient({
		endpoint,
		region: "local",
		credentials: { accessKeyId: "x", secretAccessKey: "x" },
	});
	let n = 0;
	let done = 0;
	const end = performance.now() + seconds * 1000;
	const start = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (performance.now() < end) {
				const k = n++;
				const item = (sk: string) => ({
					Put: {
						TableName: "counters",
						Item: { pk: { S: `floor#${k}` }, sk: { S: sk }, body: { S: "x".repeat(200) } },
					},
				});
				await raw.send(new TransactWriteItemsCommand({ TransactItems: [item("a"), item("b")] }));
				done++;
			}
		}),
	);
	raw.destroy();
	return done / ((performance.now() - start) / 1000);
}

function longPost(url: string, body: unknown): Promise<Record<string, unknown>> {
	return new Promise((resolve, reject) => {
		const req = request(url, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
			const chunks: Buffer[] = [];
			res.on("data", (c: Buffer) => chunks.push(c));
			res.on("end", () => {
				const text = Buffer.concat(chunks).toString("utf8");
				if ((res.statusCode ?? 500) >= 300) reject(new Error(`${url}: ${res.statusCode} ${text}`));
				else resolve(JSON.parse(text) as Record<string, unknown>);
			});
		});
		req.on("error", reject);
		req.end(JSON.stringify(body));
	});
}

async function main() {
	const db = await launchDynamoDbLocal();
	const system = await startLocalSystem({
		submissionLimits: "off",
		port: 0,
		dynamodbEndpoint: db.endpoint,
		clock: "virtual",
		start: "2024-03-01T09:00:00+08:00",
	});
	const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
		const res = await fetch(`${system.url}${path}`, {
			method,
			headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers },
			...(body ? { body: JSON.stringify(body) } : {}),
		});
		const json = (await res.json()) as Record<string, unknown>;
		if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
		return json;
	};
	try {
		let t = performance.now();
		let next = 0;
		await Promise.all(
			Array.from({ length: 32 }, async () => {
				for (let i = next++; i < cases; i = next++)
					await call("POST", "/v1/petitions", petitionOfNext(`无人受理 ${i}`));
			}),
		);
		await system.virtual?.settle();
		await system.poller.drain();
		const setup = (performance.now() - t) / 1000;
		const floor = await transactionsPerSecond(db.endpoint, 3, 16);

		// The advance may take minutes: node:http has no headers timeout (fetch gives up after 300 s).
		t = performance.now();
		const { now } = await longPost(`${system.url}/local/clock/advance`, { days });
		const advance = (performance.now() - t) / 1000;

		const leader = (await call("POST", "/local/token", { user: "bench", role: "admin", region: "431100" }))
			.token as string;
		const stats = (await call("GET", "/v1/stats?region=431127&year=2024", undefined, {
			authorization: `Bearer ${leader}`,
		})) as {
			figures?: Record<string, unknown>;
		};
		const flat = JSON.stringify(stats);
		const overdue = /"supervisions":(\d+)/.exec(flat)?.[1] ?? "?";
		console.log(`bench/overdue — ${cases} cases waiting for acceptance, then one advance of ${days} days`);
		console.log(`setup: ${cases} submissions in ${setup.toFixed(1)} s`);
		console.log("cases | days | advance s | supervision notices | notices/s | raw 2-item tx/s (c16) | now");
		console.log(
			[
				String(cases),
				String(days),
				advance.toFixed(1),
				overdue,
				(Number(overdue) / advance).toFixed(0),
				floor.toFixed(0),
				String(now),
			].join(" | "),
		);
	} finally {
		await system.stop();
		await db.stop();
	}
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
