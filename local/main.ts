/**
 * `npm start`: the whole system on one machine. Flags (or env): --port N (PORT), --data-dir DIR
 * (DATA_DIR, default .data/), --clock real|virtual (CLOCK; default virtual when the data dir keeps a
 * virtual time, else real), --start ISO-time (CLOCK_START: where a new data dir's virtual time begins).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { JavaMissingError } from "#local/dynamodb.ts";
import { loadAllHandlers } from "#local/functions.ts";
import { CLOCK_FILE, startLocalSystem } from "#local/system.ts";

function options() {
	const { values } = parseArgs({
		options: {
			port: { type: "string" },
			"data-dir": { type: "string" },
			clock: { type: "string" },
			start: { type: "string" },
		},
		strict: true,
	});
	const port = Number(values.port ?? process.env.PORT ?? 3000);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`--port must be 0–65535, got ${values.port}`);
	const dataDir = values["data-dir"] ?? process.env.DATA_DIR ?? ".data";
	// A data dir that keeps a virtual time (a simulated year, a demo) opens on it unless told otherwise.
	const clock = values.clock ?? process.env.CLOCK ?? (existsSync(join(dataDir, CLOCK_FILE)) ? "virtual" : "real");
	if (clock !== "real" && clock !== "virtual") throw new Error(`--clock must be real or virtual, got ${clock}`);
	const start = values.start ?? process.env.CLOCK_START;
	if (start !== undefined && Number.isNaN(Date.parse(start)))
		throw new Error(`--start must be an ISO time, got ${start}`);
	return { port, dataDir, clock, start } as const;
}

async function main() {
	const opts = options();
	const system = await startLocalSystem(opts);
	await loadAllHandlers();
	console.log(`信访案件系统 (local) listening on ${system.url}`);
	console.log(`  web: ${system.url}/web/ (网上信访 · 查询 · 工作台 · 统计)`);
	const time = system.virtual
		? ` at ${new Date(system.virtual.now()).toISOString()}${"resumed" in system.virtual && system.virtual.resumed ? " (resumed from the data dir)" : ""}`
		: "";
	console.log(`  data: ${opts.dataDir}  clock: ${opts.clock}${time}  DynamoDB Local: ${system.dynamodbEndpoint}`);
	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping…`);
		await system.stop();
		process.exit(0);
	};
	process.on("SIGINT", () => void stop("SIGINT"));
	process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((err: unknown) => {
	if (err instanceof JavaMissingError) console.error(err.message);
	else console.error(err instanceof Error ? err.message : err);
	process.exit(1);
});
