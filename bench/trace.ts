/**
 * bench/trace: where one submission's and one staff action's time goes, end to end. Starts the local
 * home (DynamoDB Local in memory), warms it up, then records every HTTP call the process makes or
 * serves (node:diagnostics_channel: DynamoDB Local operations by their X-Amz-Target, the Step
 * Functions API on the gateway, the public routes) while one submission, and then one `accept`,
 * runs to quiet — response, the workflow's next step and the counters. Prints a waterfall (ms from
 * the request's start) and per-operation totals.
 * With `--profile N` it then runs N more submissions and N actions one after another under V8's CPU
 * profiler (the one `node --cpu-prof` uses) and writes `--out` (default .data/profile/trace.cpuprofile);
 * `npm run flamegraph` turns that into the picture in docs/performance.md.
 * Usage: npm run bench:trace [-- --warmup 40] [--profile 200] [--out FILE]
 */
import diagnostics from "node:diagnostics_channel";
import { mkdirSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { dirname } from "node:path";
import type { ClientRequest, IncomingMessage, ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import { launchDynamoDbLocal } from "#local/dynamodb.ts";
import { startLocalSystem } from "#local/system.ts";
import { caseLifecycle } from "#shared/specs/workflows.ts";
import { petitionOfNext } from "./people.ts";

const { values } = parseArgs({
	options: {
		warmup: { type: "string", default: "40" },
		profile: { type: "string", default: "0" },
		out: { type: "string", default: ".data/profile/trace.cpuprofile" },
	},
});

interface Span {
	what: string;
	start: number;
	end?: number;
}

const spans: Span[] = [];
let recording = false;
const open = new WeakMap<object, Span>();
let ddbPort = "";

function clientLabel(req: ClientRequest): string {
	const target = String(req.getHeader("x-amz-target") ?? "");
	const host = String(req.getHeader("host") ?? "");
	if (target.startsWith("DynamoDB_20120810.")) return `ddb ${target.slice(18)}`;
	if (target.startsWith("DynamoDBStreams_20120810.")) return `stream ${target.slice(25)}`;
	if (target.startsWith("AWSStepFunctions.")) return `sfn ${target.slice(17)}`;
	return `${req.method} ${host.endsWith(ddbPort) ? "ddb" : ""}${req.path}`;
}

diagnostics.subscribe("http.client.request.start", (msg) => {
	if (!recording) return;
	const { request } = msg as { request: ClientRequest };
	const span = { what: clientLabel(request), start: performance.now() };
	open.set(request, span);
	spans.push(span);
});
diagnostics.subscribe("http.client.response.finish", (msg) => {
	const { request } = msg as { request: ClientRequest; response: IncomingMessage };
	const span = open.get(request);
	if (span) span.end = performance.now();
});
diagnostics.subscribe("http.server.request.start", (msg) => {
	if (!recording) return;
	const { request, response } = msg as { request: IncomingMessage; response: ServerResponse };
	const target = String(request.headers["x-amz-target"] ?? "");
	const span = {
		what: `  served ${target ? `sfn ${target.slice(17)}` : `${request.method} ${request.url}`}`,
		start: performance.now(),
	};
	open.set(response, span);
	spans.push(span);
});
diagnostics.subscribe("http.server.response.finish", (msg) => {
	const { response } = msg as { response: ServerResponse };
	const span = open.get(response);
	if (span) span.end = performance.now();
});

function report(title: string, t0: number, responded: number, quiet: number): void {
	console.log(
		`\n${title}: response after ${(responded - t0).toFixed(1)} ms, all follow-up work done after ${(quiet - t0).toFixed(1)} ms`,
	);
	console.log("   start     end    ms  call");
	for (const s of spans.filter(
		(x) =>
			!x.what.includes("GetRecords") &&
			!x.what.includes("GetShardIterator") &&
			!x.what.includes("DescribeStream") &&
			!x.what.includes("DescribeTable"),
	)) {
		const end = s.end ?? Number.NaN;
		console.log(
			`${(s.start - t0).toFixed(1).padStart(8)}${(end - t0).toFixed(1).padStart(8)}${(end - s.start).toFixed(1).padStart(6)}  ${s.what}`,
		);
	}
	const totals = new Map<string, { n: number; ms: number }>();
	for (const s of spans) {
		const key = s.what.trim().startsWith("stream") ? "stream polling (GetRecords, iterators)" : s.what.trim();
		const t = totals.get(key) ?? { n: 0, ms: 0 };
		t.n++;
		t.ms += (s.end ?? s.start) - s.start;
		totals.set(key, t);
	}
	console.log("   calls  total ms  operation");
	for (const [k, v] of [...totals].sort((a, b) => b[1].ms - a[1].ms))
		console.log(`${String(v.n).padStart(8)}${v.ms.toFixed(1).padStart(10)}  ${k}`);
}

async function main() {
	const db = await launchDynamoDbLocal();
	ddbPort = String(db.port);
	const system = await startLocalSystem({ submissionLimits: "off", port: 0, dynamodbEndpoint: db.endpoint });
	const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
		const res = await fetch(`${system.url}${path}`, {
			method: "POST",
			headers: { "content-type": "application/json", ...headers },
			body: JSON.stringify(body),
		});
		const json = (await res.json()) as Record<string, unknown>;
		if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
		return json;
	};
	const intake = (await post("/local/token", { user: "intake", role: "intake", region: "431127" })).token as string;
	const auth = { authorization: `Bearer ${intake}` };
	/** Waits (in-process, no HTTP) until the case's workflow has its acceptance step open: TaskSubmitted. */
	const pendingOpened = async (caseId: string) => {
		const executionArn = `${process.env[caseLifecycle.envVar]?.replace(":stateMachine:", ":execution:")}:${caseId}`;
		for (;;) {
			const h = await system.engine
				.getExecutionHistory({ executionArn, maxResults: 1000 })
				.catch(() => ({ events: [] as { type?: unknown }[] }));
			if (h.events.some((e) => e.type === "TaskSubmitted")) return;
			await new Promise((r) => setTimeout(r, 2));
		}
	};
	/** Waits until nothing more happens: the workflow's step and the counters' stream delivery. */
	const quiet = async () => {
		await system.engine.runningCount; // no-op read; the poller's drain covers the counters
		await new Promise((r) => setTimeout(r, 300));
		await system.poller.drain();
		const last = Math.max(...spans.filter((s) => !s.what.trim().startsWith("stream")).map((s) => s.end ?? s.start));
		return last;
	};
	try {
		const warm = Number(values.warmup);
		for (let i = 0; i < warm; i++) {
			const c = await post("/v1/petitions", petitionOfNext());
			await pendingOpened(c.caseId as string);
			await post(`/v1/cases/${c.caseId}/actions`, { type: "accept", category: "appeal", unit: "431127-housing" }, auth);
		}
		await system.poller.drain();
		const next = await post("/v1/petitions", petitionOfNext());
		await pendingOpened(next.caseId as string);
		await system.poller.drain();

		recording = true;
		let t0 = performance.now();
		await post("/v1/petitions", petitionOfNext());
		let responded = performance.now();
		let done = await quiet();
		recording = false;
		report("one submission (POST /v1/petitions)", t0, responded, done);

		spans.length = 0;
		recording = true;
		t0 = performance.now();
		await post(
			`/v1/cases/${next.caseId}/actions`,
			{ type: "accept", category: "appeal", unit: "431127-housing" },
			auth,
		);
		responded = performance.now();
		done = await quiet();
		recording = false;
		report("one action (POST /v1/cases/{id}/actions accept)", t0, responded, done);

		const n = Number(values.profile);
		if (n > 0) {
			const session = new Session();
			session.connect();
			await session.post("Profiler.enable");
			await session.post("Profiler.setSamplingInterval", { interval: 200 });
			await session.post("Profiler.start");
			const started = performance.now();
			for (let i = 0; i < n; i++) {
				const c = await post("/v1/petitions", petitionOfNext());
				await pendingOpened(c.caseId as string);
				await post(
					`/v1/cases/${c.caseId}/actions`,
					{ type: "accept", category: "appeal", unit: "431127-housing" },
					auth,
				);
			}
			await system.poller.drain();
			const wall = performance.now() - started;
			const { profile } = await session.post("Profiler.stop");
			session.disconnect();
			mkdirSync(dirname(values.out), { recursive: true });
			writeFileSync(values.out, JSON.stringify(profile));
			console.log(
				`\nprofiled ${n} submissions and ${n} actions (one at a time, each action after its step opened) in ${(wall / 1000).toFixed(1)} s: ${values.out}`,
			);
		}
	} finally {
		await system.stop();
		await db.stop();
	}
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
