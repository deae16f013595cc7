/**
 * `npm run bench:crash [-- --cases 1000 --concurrency 16]`: crash durability at scale. `npm start` runs
 * in a process group of its own on a fresh data dir; cases are submitted and driven into mixed stages
 * (acceptance, handling, the review window, 复查, 复核, closed) and, while actions are in flight, the
 * whole process group (node and DynamoDB Local's java) is killed with SIGKILL. The system is started
 * again on the same data dir and every case is driven to its end as a client would (a submission whose
 * answer was lost is sent again with its Idempotency-Key). Then:
 *   lost      cases answered 201 (or whose key was answered after the restart) that do not exist
 *   events    per case: sequence numbers 1..n without gaps, n = the case's event count, and no event
 *             recorded twice (one `registered`, one `closed`, `accepted` = transfers, at most one of each decision)
 *   refused   actions answered other than 2xx after the restart (a valid action refused)
 *   workflow  executions not SUCCEEDED once every case is closed
 *   counters  counters that differ from the recount of the case records
 * Exits 1 unless all are 0. `runCrashBench` is also run with 100 cases by test/e2e/crash.test.ts.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeExecutionCommand, SFNClient } from "@aws-sdk/client-sfn";
import { DynamoDBDocumentClient, QueryCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { projectRoot } from "#local/functions.ts";
import { residentIdCheckChar } from "#shared/domain/identity.ts";
import { casesTable, countersTable } from "#shared/specs/tables.ts";
import { recount } from "#shared/stats/recount.ts";
import { cstDate } from "#shared/time.ts";
import { dynamoDbLocalPidUnder, processGroupOf } from "./process-cpu.ts";

export interface CrashReport {
	cases: number;
	submitted: number;
	inFlightAtKill: number;
	/**
	 * Submissions whose case was written just before the kill but whose idempotency record was not:
	 * their retry is answered as a repeat of that case (200 repeatOf), without the query code.
	 */
	answeredAsRepeat: number;
	lost: number;
	eventProblems: number;
	refused: number;
	workflowsNotDone: number;
	counterDifferences: number;
	seconds: { beforeKill: number; restart: number; drive: number; total: number };
	problems: string[];
}

interface Running {
	child: ChildProcess;
	url: string;
	dynamodb: string;
}

const REGION = "431127";

function startSystem(dataDir: string): Promise<Running> {
	// detached: a process group of its own, so one kill reaches node and java alike.
	const child = spawn(process.execPath, ["--import", "tsx", "local/main.ts", "--port", "0", "--data-dir", dataDir], {
		cwd: projectRoot,
		detached: true,
		stdio: ["ignore", "pipe", "pipe"],
		env: { ...process.env, SUBMISSION_LIMITS: "off", LOG_LEVEL: "ERROR" },
	});
	return new Promise((resolve, reject) => {
		let out = "";
		const timer = setTimeout(() => reject(new Error(`the system did not start: ${out}`)), 240_000);
		child.stdout?.on("data", (d: Buffer) => {
			out += d.toString();
			const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
			const dynamodb = /DynamoDB Local: (http:\/\/\S+)/.exec(out)?.[1];
			if (url && dynamodb) {
				clearTimeout(timer);
				resolve({ child, url, dynamodb });
			}
		});
		child.stderr?.on("data", () => undefined);
		child.once("exit", (code, signal) => reject(new Error(`the system exited (${code ?? signal}): ${out}`)));
	});
}

async function killGroup(r: Running): Promise<void> {
	const pid = r.child.pid;
	if (pid === undefined) return;
	const gone = new Promise((res) => r.child.once("exit", res));
	// DynamoDB Local runs in a process group of its own (a terminal's Ctrl-C reaches node only): kill -9
	// both groups at the same instant, java's first, so its guard gets no chance to stop it gently.
	let javaGroup: number | undefined;
	try {
		javaGroup = processGroupOf(dynamoDbLocalPidUnder(pid));
	} catch {
		// not found: already gone
	}
	for (const group of [javaGroup, pid])
		try {
			if (group !== undefined) process.kill(-group, "SIGKILL");
		} catch {
			// already gone
		}
	await gone;
	// give the kernel a moment to reap java and release the port and files.
	await new Promise((res) => setTimeout(res, 500));
}

async function stopGracefully(r: Running): Promise<void> {
	const gone = new Promise((res) => r.child.once("exit", res));
	r.child.kill("SIGTERM");
	await Promise.race([gone, new Promise((res) => setTimeout(res, 15_000))]);
	if (r.child.exitCode === null && r.child.signalCode === null && r.child.pid) process.kill(-r.child.pid, "SIGKILL");
}

interface Reply {
	status: number;
	body: any;
}

async function call(
	base: string,
	method: string,
	path: string,
	body?: unknown,
	headers: Record<string, string> = {},
): Promise<Reply> {
	const res = await fetch(`${base}${path}`, {
		method,
		headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
		...(body !== undefined ? { body: JSON.stringify(body) } : {}),
	});
	const text = await res.text();
	return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Runs `fn` over `items` with at most `width` at once; stops taking new items once `stop()` is true. */
async function pool<T>(
	items: T[],
	width: number,
	fn: (item: T) => Promise<void>,
	stop: () => boolean = () => false,
): Promise<void> {
	let next = 0;
	await Promise.all(
		Array.from({ length: width }, async () => {
			while (next < items.length && !stop()) await fn(items[next++] as T);
		}),
	);
}

/**
 * Calls `fn` until it answers as a client would: 503 (shed), a refused connection and a submission
 * whose key is still "in progress" (its first attempt died with the system; the record expires after
 * the function's timeout) are retried.
 */
async function persist(fn: () => Promise<Reply>): Promise<Reply> {
	for (let i = 0; ; i++) {
		try {
			const r = await fn();
			const again = r.status === 503 || (r.status === 409 && r.body?.error?.code === "IDEMPOTENCY_IN_PROGRESS");
			if (!again || i > 100) return r;
		} catch (err) {
			if (i > 50) throw err;
		}
		await new Promise((r) => setTimeout(r, Math.min(100 + 100 * i, 2000)));
	}
}

/** A valid resident ID of its own for case i: every case is another person's, so none is a repeat. */
function idNumberOf(i: number): string {
	for (let day = i * 3; ; day++) {
		const birth = new Date(Date.UTC(1950, 0, 1) + day * 86_400_000).toISOString().slice(0, 10).replaceAll("-", "");
		const first17 = `431127${birth}${String(i % 1000).padStart(3, "0")}`;
		const check = residentIdCheckChar(first17);
		if (check !== "X") return `${first17}${check}`;
	}
}

const petition = (i: number, category: string) => ({
	petitioner: { name: "张三", idNumber: idNumberOf(i), phone: "13800138000" },
	region: REGION,
	category,
	title: `崩溃测试 ${i}`,
	content: "请求：修复排水。事实：雨后积水半月。理由：影响出行。",
});

/** How far case i is driven before the crash (mixed stages), by i mod 6. */
const targets = ["acceptance", "handling", "review_window", "review", "closed_rejected", "rereview_window"] as const;

export async function runCrashBench(options: {
	cases: number;
	concurrency: number;
	log?: (line: string) => void;
}): Promise<CrashReport> {
	const log = options.log ?? ((l: string) => console.log(l));
	const t0 = Date.now();
	const dataDir = mkdtempSync(join(tmpdir(), "xf-crash-"));
	const problems: string[] = [];
	let system = await startSystem(dataDir);
	try {
		const tok = async (base: string, role: string, region: string, unit?: string) =>
			(
				await call(base, "POST", "/local/token", {
					user: `${role}-${unit ?? region}`,
					role,
					region,
					...(unit ? { unit } : {}),
				})
			).body.token as string;
		const tokensFor = async (base: string) => ({
			intake: await tok(base, "intake", REGION),
			unit: await tok(base, "unit", REGION, `${REGION}-housing`),
			county: await tok(base, "reviewer", REGION),
			city: await tok(base, "reviewer", "431100"),
			admin: await tok(base, "admin", "431100"),
		});
		let tokens = await tokensFor(system.url);

		// Phase 1: submit and drive into mixed stages; kill -9 while actions are in flight.
		const keys = Array.from({ length: options.cases }, (_, i) => `crash-${i}-${Date.now().toString(36)}`);
		const known = new Map<number, { caseId: string; queryCode: string }>();
		const total = options.cases * 3;
		let issued = 0;
		let inFlight = 0;
		let killed = false;
		let inFlightAtKill = 0;
		const killAt = Math.floor(total * 0.6);
		const guarded = async (fn: () => Promise<Reply>): Promise<Reply | undefined> => {
			if (killed) return undefined;
			issued++;
			inFlight++;
			try {
				return await fn();
			} catch {
				return undefined; // the connection died with the system
			} finally {
				inFlight--;
				if (!killed && issued >= killAt) {
					killed = true;
					inFlightAtKill = inFlight;
					await killGroup(system);
				}
			}
		};
		const driveBefore = async (i: number) => {
			const category = i % 3 === 2 ? "suggestion" : "appeal";
			const sub = await guarded(() =>
				call(system.url, "POST", "/v1/petitions", petition(i, category), { "idempotency-key": keys[i] as string }),
			);
			if (sub?.status !== 201) return;
			const c = { caseId: sub.body.caseId as string, queryCode: sub.body.queryCode as string };
			known.set(i, c);
			const target = targets[i % targets.length] as (typeof targets)[number];
			const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
			const act = (t: string, body: unknown) =>
				guarded(() => call(system.url, "POST", `/v1/cases/${c.caseId}/actions`, body, bearer(t)));
			const petitioner = (path: string, body: unknown) =>
				guarded(() =>
					call(system.url, "POST", `/v1/petitions/${c.caseId}/${path}`, body, { "x-query-code": c.queryCode }),
				);
			if (target === "acceptance") return;
			if (target === "closed_rejected")
				return void (await act(tokens.intake, { type: "reject", reason: "不属于信访事项" }));
			if (
				(await act(tokens.intake, { type: "accept", category: "appeal", unit: `${REGION}-housing` }))?.status !== 200 ||
				target === "handling"
			)
				return;
			if (
				(await act(tokens.unit, { type: "reply", outcome: "resolved", mediated: false, text: "已整改。" }))?.status !==
					200 ||
				target === "review_window"
			)
				return;
			if ((await petitioner("review-requests", { reason: "不服" }))?.status !== 201 || target === "review") return;
			await act(tokens.county, { type: "review_decision", outcome: "upheld", text: "维持。" });
		};
		await pool(
			Array.from({ length: options.cases }, (_, i) => i),
			options.concurrency,
			driveBefore,
			() => killed,
		);
		if (!killed) {
			killed = true;
			await killGroup(system);
		}
		const beforeKill = (Date.now() - t0) / 1000;
		log(
			`crash: ${known.size} cases answered 201, ${issued} requests issued, ${inFlightAtKill} in flight at kill -9 of the process group`,
		);

		// Phase 2: start again on the same data dir and drive every case to its end.
		const t1 = Date.now();
		system = await startSystem(dataDir);
		const restart = (Date.now() - t1) / 1000;
		tokens = await tokensFor(system.url);
		const base = system.url;
		const t2 = Date.now();
		// A client whose answer was lost sends again with its key; answered ones must get the same case.
		let answeredAsRepeat = 0;
		await pool(
			Array.from({ length: options.cases }, (_, i) => i),
			options.concurrency,
			async (i) => {
				const category = i % 3 === 2 ? "suggestion" : "appeal";
				const r = await persist(() =>
					call(base, "POST", "/v1/petitions", petition(i, category), { "idempotency-key": keys[i] as string }),
				);
				if (r.status === 200 && typeof r.body?.repeatOf === "string" && !known.has(i)) {
					answeredAsRepeat++;
					known.set(i, { caseId: r.body.repeatOf, queryCode: "" });
					return;
				}
				if (r.status !== 201) return void problems.push(`resubmission ${i}: ${r.status} ${r.body?.error?.code}`);
				const before = known.get(i);
				if (before && before.caseId !== r.body.caseId)
					problems.push(`key ${i} answered ${before.caseId}, now ${r.body.caseId}`);
				known.set(i, { caseId: r.body.caseId, queryCode: r.body.queryCode });
			},
		);
		let refused = 0;
		let lost = 0;
		const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
		await pool([...known.values()], options.concurrency, async (c) => {
			for (let steps = 0; steps < 12; steps++) {
				const detail = await persist(() => call(base, "GET", `/v1/cases/${c.caseId}`, undefined, bearer(tokens.admin)));
				if (detail.status === 404) {
					lost++;
					return void problems.push(`lost: ${c.caseId}`);
				}
				const kase = detail.body.case as { stage: string; status: string };
				if (kase.status === "closed") return;
				const act = (t: string, body: unknown) =>
					persist(() => call(base, "POST", `/v1/cases/${c.caseId}/actions`, body, bearer(t)));
				const ask = () =>
					persist(() =>
						call(
							base,
							"POST",
							`/v1/petitions/${c.caseId}/review-requests`,
							{ reason: "不服" },
							{ "x-query-code": c.queryCode },
						),
					);
				// Without the query code (see answeredAsRepeat) only staff can act: such a case is taken as a suggestion, closed by the reply.
				const r =
					kase.stage === "acceptance"
						? await act(tokens.intake, {
								type: "accept",
								category: c.queryCode ? "appeal" : "suggestion",
								unit: `${REGION}-housing`,
							})
						: kase.stage === "handling"
							? await act(tokens.unit, { type: "reply", outcome: "resolved", mediated: false, text: "已整改。" })
							: kase.stage === "review_window" || kase.stage === "rereview_window"
								? await ask()
								: kase.stage === "review"
									? await act(tokens.county, { type: "review_decision", outcome: "upheld", text: "维持。" })
									: await act(tokens.city, { type: "review_decision", outcome: "changed", text: "变更。" });
				if (r.status >= 300) {
					refused++;
					problems.push(`refused at ${kase.stage}: ${c.caseId} ${r.status} ${r.body?.error?.code}`);
				}
			}
			problems.push(`not closed after 12 steps: ${c.caseId}`);
		});

		// Every execution follows to its end (hand-overs lost in the crash: the task-opening step on
		// resume, or the reconciler).
		const sfn = new SFNClient({
			endpoint: `${base}/local/sfn`,
			region: "local",
			credentials: { accessKeyId: "x", secretAccessKey: "x" },
		});
		const machine = "arn:aws:states:local:000000000000:execution:case-lifecycle";
		let notDone = [...known.values()].map((c) => c.caseId);
		let lastStates: [string, string][] = [];
		const deadline = Date.now() + 120_000;
		while (notDone.length && Date.now() < deadline) {
			const states: [string, string][] = [];
			await pool(notDone, 16, async (id) => {
				const out = await sfn.send(new DescribeExecutionCommand({ executionArn: `${machine}:${id}` }));
				states.push([
					id,
					out.status === "FAILED" ? `FAILED ${out.error}: ${out.cause?.slice(0, 160)}` : (out.status ?? "?"),
				]);
			});
			lastStates = states;
			notDone = states.filter(([, s]) => s !== "SUCCEEDED").map(([id]) => id);
			if (states.some(([, s]) => s.startsWith("FAILED")) && states.every(([, s]) => s !== "RUNNING")) break;
			if (notDone.length) await new Promise((r) => setTimeout(r, 1000));
		}
		sfn.destroy();
		for (const id of notDone.slice(0, 10))
			problems.push(`workflow not done: ${id} ${lastStates.find(([x]) => x === id)?.[1]}`);

		// Events of every case in the table (also cases whose submission never answered).
		const client = new DynamoDBClient({
			endpoint: system.dynamodb,
			region: "local",
			credentials: { accessKeyId: "x", secretAccessKey: "x" },
		});
		const doc = DynamoDBDocumentClient.from(client);
		const caseItems: Record<string, any>[] = [];
		let start: Record<string, unknown> | undefined;
		do {
			const out = await doc.send(
				new ScanCommand({
					TableName: casesTable.localName,
					FilterExpression: "sk = :c",
					ExpressionAttributeValues: { ":c": "CASE" },
					ExclusiveStartKey: start,
				}),
			);
			caseItems.push(...(out.Items ?? []));
			start = out.LastEvaluatedKey;
		} while (start);
		let eventProblems = 0;
		await pool(caseItems, 16, async (kase) => {
			const items: Record<string, any>[] = [];
			let from: Record<string, unknown> | undefined;
			do {
				const out = await doc.send(
					new QueryCommand({
						TableName: casesTable.localName,
						KeyConditionExpression: "pk = :pk AND begins_with(sk, :e)",
						ExpressionAttributeValues: { ":pk": `CASE#${kase.caseId}`, ":e": "EVT#" },
						ExclusiveStartKey: from,
						ConsistentRead: true,
					}),
				);
				items.push(...(out.Items ?? []));
				from = out.LastEvaluatedKey;
			} while (from);
			const seqs = items.map((e) => e.seq as number);
			const count = (t: string) => items.filter((e) => e.type === t).length;
			const wrong: string[] = [];
			if (seqs.some((s, k) => s !== k + 1) || seqs.length !== kase.eventCount)
				wrong.push(`seq ${seqs.join(",")} / eventCount ${kase.eventCount}`);
			if (count("registered") !== 1) wrong.push(`registered ×${count("registered")}`);
			if (kase.status === "closed" && count("closed") !== 1) wrong.push(`closed ×${count("closed")}`);
			if (count("accepted") !== kase.transfers)
				wrong.push(`accepted ×${count("accepted")} for ${kase.transfers} transfers`);
			for (const t of [
				"rejected",
				"replied",
				"review_requested",
				"review_decided",
				"rereview_requested",
				"rereview_decided",
			])
				if (count(t) > 1) wrong.push(`${t} ×${count(t)}`);
			if (kase.status !== "closed") wrong.push(`still ${kase.stage}`);
			if (wrong.length) {
				eventProblems++;
				problems.push(`events of ${kase.caseId}: ${wrong.join("; ")}`);
			}
		});
		const answered = new Set([...known.values()].map((c) => c.caseId));
		const inTable = new Set(caseItems.map((c) => c.caseId as string));
		for (const id of answered) if (!inTable.has(id)) lost++;

		// Counters against the recount, once the stream poller has caught up.
		const year = cstDate(Date.now()).year;
		let counterDifferences = -1;
		for (let tries = 0; tries < 30; tries++) {
			const r = await recount(
				doc,
				{ cases: casesTable.localName, counters: countersTable.localName },
				{ region: REGION, year },
			);
			counterDifferences = r.differences.length;
			if (counterDifferences === 0) break;
			await new Promise((res) => setTimeout(res, 1000));
		}
		if (counterDifferences) problems.push(`${counterDifferences} counters differ from the recount`);
		client.destroy();
		const drive = (Date.now() - t2) / 1000;
		return {
			cases: caseItems.length,
			submitted: options.cases,
			inFlightAtKill,
			answeredAsRepeat,
			lost,
			eventProblems,
			refused,
			workflowsNotDone: notDone.length,
			counterDifferences,
			seconds: { beforeKill, restart, drive, total: (Date.now() - t0) / 1000 },
			problems,
		};
	} finally {
		await stopGracefully(system);
		rmSync(dataDir, { recursive: true, force: true });
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const { values } = parseArgs({
		options: { cases: { type: "string", default: "1000" }, concurrency: { type: "string", default: "16" } },
	});
	const report = await runCrashBench({ cases: Number(values.cases), concurrency: Number(values.concurrency) });
	console.log(
		`crash bench: ${report.submitted} submissions, ${report.cases} cases in the table, ${report.inFlightAtKill} requests in flight at kill -9\n` +
			`  answered as a repeat of their own case (answer and idempotency record lost in the kill) ${report.answeredAsRepeat}\n` +
			`  lost ${report.lost} · event problems ${report.eventProblems} · refused ${report.refused} · workflows not done ${report.workflowsNotDone} · counters ≠ recount ${report.counterDifferences}\n` +
			`  ${report.seconds.beforeKill.toFixed(1)} s before the kill, restart ${report.seconds.restart.toFixed(1)} s, driving to the end ${report.seconds.drive.toFixed(1)} s, total ${report.seconds.total.toFixed(1)} s (${new Date().toISOString().slice(0, 10)})`,
	);
	for (const p of report.problems.slice(0, 20)) console.log(`  ${p}`);
	process.exitCode =
		report.lost || report.eventProblems || report.refused || report.workflowsNotDone || report.counterDifferences
			? 1
			: 0;
}
