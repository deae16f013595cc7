/**
 * bench/overdue: time at scale. N cases (default 2,000) wait for acceptance and nobody acts; then one
 * `POST /local/clock/advance {"days": 31}` lets their deadlines pass: every case is supervised (督办) on
 * day 16 and chased again every 5 days. Prints the time until the advance answered (every due timer
 * fired, every 督办 step applied and the next step open) and until the counters had caught up too, the
 * DynamoDB calls the advance made per notice, DynamoDB Local's own floor measured in the same run
 * (two-item transactions per second at concurrency 16) — and checks the result: every case's `overdue`
 * events once per missed deadline, its events numbered without a gap, the counters equal to the recount.
 * Exits 1 when a check fails.
 * Usage: npm run bench:overdue [-- --cases 2000 --days 31] [--profile FILE.cpuprofile] [--progress]
 */
import diagnostics from "node:diagnostics_channel";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { ClientRequest } from "node:http";
import { request } from "node:http";
import { Session } from "node:inspector/promises";
import { loadavg } from "node:os";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { rawClient, strictJson, twoItemTransaction } from "./floor.ts";
import { launchDynamoDbLocal } from "#local/dynamodb.ts";
import { startLocalSystem } from "#local/system.ts";
import { casesTable, countersTable } from "#shared/specs/tables.ts";
import { recount } from "#shared/stats/recount.ts";
import { petitionOfNext } from "./people.ts";

const { values } = parseArgs({
	options: {
		cases: { type: "string", default: "2000" },
		days: { type: "string", default: "31" },
		profile: { type: "string" },
		progress: { type: "boolean", default: false },
	},
});
const cases = Number(values.cases);
const days = Number(values.days);
const REGION = "431127";
const START = "2024-03-01T09:00:00+08:00";

/** DynamoDB calls by operation (X-Amz-Target) while `counting` is on. */
const calls = new Map<string, number>();
/** Request bytes sent to DynamoDB Local by operation while `counting` is on. */
const bytes = new Map<string, number>();
let counting = false;
diagnostics.subscribe("http.client.request.start", (msg) => {
	if (!counting) return;
	const target = String((msg as { request: ClientRequest }).request.getHeader("x-amz-target") ?? "");
	const op = target.replace(/^DynamoDB(Streams)?_20120810\./, (_m, s) => (s ? "stream " : ""));
	if (!op) return;
	calls.set(op, (calls.get(op) ?? 0) + 1);
	const length = Number((msg as { request: ClientRequest }).request.getHeader("content-length") ?? 0);
	bytes.set(op, (bytes.get(op) ?? 0) + length);
});

async function transactionsPerSecond(endpoint: string, seconds: number, concurrency: number): Promise<number> {
	const raw = rawClient(endpoint);
	const transact = twoItemTransaction(raw, () => "x".repeat(200));
	let done = 0;
	const end = performance.now() + seconds * 1000;
	const start = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (performance.now() < end) {
				await transact();
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

/** How many deadlines of a step opened at `receivedMs` passed by `nowMs`: day 15's end, then every 5 days. */
function deadlinesPassed(receivedMs: number, nowMs: number): number {
	const day = 86_400_000;
	const cst = 8 * 3_600_000;
	// the end of the 15th day after receipt, China time
	let due = Math.floor((receivedMs + cst) / day) * day - cst + 16 * day - 1;
	let n = 0;
	while (due < nowMs) {
		n++;
		due += 5 * day;
	}
	return n;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSecondsOf(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
		const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
		return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
	} catch {
		return Number.NaN;
	}
}

/** DynamoDB Local's java process: the child of the launcher's shell. */
function javaPidOf(shellPid: number): number {
	try {
		const children = readFileSync(`/proc/${shellPid}/task/${shellPid}/children`, "utf8").trim().split(/\s+/);
		for (const c of children) if (readFileSync(`/proc/${c}/comm`, "utf8").trim() === "java") return Number(c);
	} catch {
		// not Linux, or gone
	}
	return -1;
}

async function main() {
	const load = loadavg()[0]?.toFixed(1);
	const db = await launchDynamoDbLocal();
	const system = await startLocalSystem({
		submissionLimits: "off",
		port: 0,
		dynamodbEndpoint: db.endpoint,
		clock: "virtual",
		start: START,
	});
	const call = strictJson(system.url);
	const problems: string[] = [];
	try {
		let t = performance.now();
		let next = 0;
		const ids: string[] = [];
		await Promise.all(
			Array.from({ length: 32 }, async () => {
				for (let i = next++; i < cases; i = next++)
					ids.push((await call("POST", "/v1/petitions", petitionOfNext(`无人受理 ${i}`))).caseId as string);
			}),
		);
		await system.virtual?.settle();
		await system.poller.drain();
		const setup = (performance.now() - t) / 1000;
		const floor = await transactionsPerSecond(db.endpoint, 3, 16);

		let session: Session | undefined;
		if (values.profile) {
			session = new Session();
			session.connect();
			await session.post("Profiler.enable");
			await session.post("Profiler.setSamplingInterval", { interval: 500 });
			await session.post("Profiler.start");
		}
		// The advance may take minutes: node:http has no headers timeout (fetch gives up after 300 s).
		counting = true;
		const java = javaPidOf(db.pid);
		const javaCpu0 = cpuSecondsOf(java);
		const nodeCpu0 = process.cpuUsage();
		t = performance.now();
		const progress = values.progress
			? setInterval(() => {
					const n = [...calls].filter(([op]) => !op.startsWith("stream ")).reduce((s2, [, c]) => s2 + c, 0);
					const usage = process.cpuUsage(nodeCpu0);
					console.log(
						`  ${((performance.now() - t) / 1000).toFixed(0)} s: ${n} calls, node ${((usage.user + usage.system) / 1e6).toFixed(1)} s, java ${(cpuSecondsOf(java) - javaCpu0).toFixed(1)} s CPU, load ${loadavg()[0]?.toFixed(1)}`,
					);
				}, 5000)
			: undefined;
		const { now } = await longPost(`${system.url}/local/clock/advance`, { days, wait: "steps" });
		const answered = (performance.now() - t) / 1000;
		await system.poller.drain();
		const settled = (performance.now() - t) / 1000;
		clearInterval(progress);
		counting = false;
		const javaCpu = cpuSecondsOf(java) - javaCpu0;
		const nodeUsage = process.cpuUsage(nodeCpu0);
		const nodeCpu = (nodeUsage.user + nodeUsage.system) / 1e6;
		if (session) {
			const { profile } = await session.post("Profiler.stop");
			session.disconnect();
			mkdirSync(dirname(values.profile!), { recursive: true });
			writeFileSync(values.profile!, JSON.stringify(profile));
		}

		// Check: every case's overdue events once per missed deadline, events numbered without a gap.
		const client = rawClient(db.endpoint);
		const doc = DynamoDBDocumentClient.from(client);
		const nowMs = Date.parse(String(now));
		let notices = 0;
		let wrongCases = 0;
		let k = 0;
		await Promise.all(
			Array.from({ length: 16 }, async () => {
				for (let i = k++; i < ids.length; i = k++) {
					const out = await doc.send(
						new QueryCommand({
							TableName: casesTable.localName,
							KeyConditionExpression: "pk = :pk",
							ExpressionAttributeValues: { ":pk": `CASE#${ids[i]}` },
							ConsistentRead: true,
						}),
					);
					const items = out.Items ?? [];
					const kase = items.find((x) => x.sk === "CASE");
					const events = items.filter((x) => String(x.sk).startsWith("EVT#"));
					const overdue = events.filter((e) => e.type === "overdue").length;
					notices += overdue;
					const expected = kase ? deadlinesPassed(Date.parse(String(kase.receivedAt)), nowMs) : -1;
					const seqs = events.map((e) => Number(e.seq)).sort((a, b) => a - b);
					const gapless = seqs.every((s, j) => s === j + 1) && seqs.length === Number(kase?.eventCount);
					if (overdue !== expected || !gapless || Number(kase?.supervisions ?? 0) !== overdue) {
						wrongCases++;
						if (wrongCases <= 5)
							problems.push(
								`${ids[i]}: ${overdue} overdue events, ${expected} deadlines passed, supervisions ${kase?.supervisions}, seq ${seqs.join(",")} / eventCount ${kase?.eventCount}`,
							);
					}
				}
			}),
		);
		if (wrongCases) problems.push(`${wrongCases} cases with overdue events ≠ deadlines passed or a gap`);
		const r = await recount(
			doc,
			{ cases: casesTable.localName, counters: countersTable.localName },
			{ region: REGION, year: 2024 },
		);
		if (r.differences.length) problems.push(`${r.differences.length} counters differ from the recount`);
		const counted = r.stored[`${REGION}#2024`]?.overdue ?? 0;
		if (counted !== notices) problems.push(`overdue counter ${counted} ≠ ${notices} overdue events`);
		client.destroy();

		const ddb = [...calls].filter(([op]) => !op.startsWith("stream "));
		const total = ddb.reduce((s, [, n]) => s + n, 0);
		console.log(
			`bench/overdue — ${cases} cases waiting for acceptance, then one advance of ${days} days (load ${load})`,
		);
		console.log(`setup: ${cases} submissions in ${setup.toFixed(1)} s`);
		console.log(
			"cases | days | answered s | counters settled s | 督办 notices | notices/s (answer) | raw 2-item tx/s (c16) | now",
		);
		console.log(
			[
				String(cases),
				String(days),
				answered.toFixed(1),
				settled.toFixed(1),
				String(notices),
				(notices / answered).toFixed(0),
				floor.toFixed(0),
				String(now),
			].join(" | "),
		);
		console.log(
			`DynamoDB calls during the advance: ${total} (${(total / Math.max(1, notices)).toFixed(2)} per notice): ${ddb
				.sort((a, b) => b[1] - a[1])
				.map(([op, n]) => `${op} ${n} (${((bytes.get(op) ?? 0) / n / 1024).toFixed(1)} KB each)`)
				.join(", ")}`,
		);
		const stream = [...calls].filter(([op]) => op.startsWith("stream "));
		console.log(
			`the stream poller's calls meanwhile: ${stream
				.sort((a, b) => b[1] - a[1])
				.map(([op, n]) => `${op.slice(7)} ${n}`)
				.join(", ")}`,
		);
		console.log(
			`CPU during the advance (until settled, ${settled.toFixed(1)} s): node ${nodeCpu.toFixed(1)} s, DynamoDB Local (java) ${javaCpu.toFixed(1)} s`,
		);
		console.log(
			`checks: ${notices} overdue events for ${ids.length} cases, counters ${r.differences.length ? "≠" : "="} recount${problems.length ? "" : " — all hold"}`,
		);
		for (const p of problems) console.log(`  ${p}`);
		if (values.profile) console.log(`CPU profile of the advance: ${values.profile}`);
	} finally {
		await system.stop();
		await db.stop();
	}
	if (problems.length) process.exitCode = 1;
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
