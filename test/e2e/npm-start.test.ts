/**
 * `npm start` as a user runs it: the real entry point in a child process, with a data dir of its own.
 * No java process may outlive it, however it ends; data survives a restart.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { projectRoot } from "#local/functions.ts";
import { postJson, samplePetition } from "../support/system.ts";

const dataDir = mkdtempSync(join(tmpdir(), "xf-start-"));
// The kill -9 run needs no earlier data: it runs on a data dir of its own, alongside the others.
const killedDir = mkdtempSync(join(tmpdir(), "xf-start-k-"));
// A temporary directory of its own for the first run: tsx keeps its compiled modules there.
const coldCache = mkdtempSync(join(tmpdir(), "xf-start-tmp-"));
const started: ChildProcess[] = [];
afterAll(() => {
	// A failed assertion must not leave a system running: end whatever this file started.
	for (const child of started) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
	rmSync(dataDir, { recursive: true, force: true });
	rmSync(killedDir, { recursive: true, force: true });
	rmSync(coldCache, { recursive: true, force: true });
});

function javaPids(dir = dataDir): number[] {
	try {
		return execFileSync("pgrep", ["-f", `^java .*DynamoDBLocal.jar.*${dir}`], { encoding: "utf8" })
			.trim()
			.split("\n")
			.filter(Boolean)
			.map(Number);
	} catch {
		return [];
	}
}

/** Its own process group, as a terminal's foreground job: Ctrl-C reaches node and java alike. */
async function start(
	dir = dataDir,
	env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; url: string; output: () => string }> {
	const child = spawn(process.execPath, ["--import", "tsx", "local/main.ts", "--port", "0", "--data-dir", dir], {
		cwd: projectRoot,
		stdio: ["ignore", "pipe", "pipe"],
		detached: true,
		env,
	});
	started.push(child);
	let all = "";
	child.stdout?.on("data", (d: Buffer) => {
		all += d.toString();
	});
	child.stderr?.on("data", (d: Buffer) => {
		all += d.toString();
	});
	const url = await new Promise<string>((resolve, reject) => {
		let out = "";
		// As long as the process lives it may still be starting (DynamoDB Local on a loaded machine can take
		// minutes; the launcher has its own limit): the test's own timeout bounds the wait.
		const timer = setTimeout(() => reject(new Error(`no URL printed: ${out}`)), 200_000);
		child.stdout?.on("data", (d: Buffer) => {
			out += d.toString();
			const m = /listening on (http:\/\/\S+)/.exec(out);
			if (m?.[1]) {
				clearTimeout(timer);
				resolve(m[1]);
			}
		});
		child.once("exit", (code) => reject(new Error(`exited ${code}: ${out}`)));
	});
	return { child, url, output: () => all };
}

async function exited(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	await new Promise((r) => child.once("exit", r));
}

async function eventually(check: () => boolean, ms = 10_000): Promise<boolean> {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		if (check()) return true;
		await new Promise((r) => setTimeout(r, 100));
	}
	return check();
}

describe("npm start", () => {
	it("serves, keeps data across a restart, and leaves no java after Ctrl-C, SIGTERM or kill -9", async () => {
		const restarted = async () => {
			// Prepare: first run, submit a petition, stop with Ctrl-C: SIGINT to the whole process group, java
			// included, as a terminal sends it. The stop is clean: exit code 0, no error printed.
			// As on a fresh clone: the TypeScript loader's cache empty, so every module loaded compiles.
			const first = await start(dataDir, { ...process.env, TMPDIR: coldCache });
			expect(javaPids().length).toBe(1);
			const created = await postJson(`${first.url}/v1/petitions`, samplePetition());
			expect(created.status).toBe(201);
			// A terminal's Ctrl-C reaches every process of the group at once, the TypeScript loader's helper
			// (esbuild's service) among them. Stop the helper first: nothing the system still does may need it
			// (a request's function, a stream batch's, the workflow's next step).
			let helpers: number[] = [];
			try {
				helpers = execFileSync("pgrep", ["-g", String(first.child.pid), "-f", "esbuild"], { encoding: "utf8" })
					.trim()
					.split("\n")
					.map(Number);
			} catch {
				// none running
			}
			for (const pid of helpers) process.kill(pid, "SIGINT");
			const admin = await postJson(`${first.url}/local/token`, { user: "a", role: "admin", region: "431100" });
			const bearer = { authorization: `Bearer ${admin.body.token}` };
			// A route not called before answers, and the petition's SMS goes out (the stream's consumer ran).
			expect((await fetch(`${first.url}/v1/units?region=431127`, { headers: bearer })).status).toBe(200);
			const year = new Date().getFullYear();
			const docx = await fetch(`${first.url}/v1/reports/annual?region=431127&year=${year}&format=docx`, {
				headers: bearer,
			});
			expect(docx.status).toBe(200);
			expect((await docx.arrayBuffer()).byteLength).toBeGreaterThan(1000);
			const sms = async () =>
				((await (await fetch(`${first.url}/local/sms`, { headers: bearer })).json()) as { items: unknown[] }).items
					.length;
			for (const end = Date.now() + 30_000; (await sms()) === 0 && Date.now() < end; )
				await new Promise((r) => setTimeout(r, 200));
			expect(await sms()).toBe(1);
			process.kill(-(first.child.pid as number), "SIGINT");
			await exited(first.child);
			expect(first.child.exitCode).toBe(0);
			expect(first.output()).not.toMatch(/ECONNREFUSED|Error/);
			expect(await eventually(() => javaPids().length === 0)).toBe(true);

			// Second run: the case is still there; stop with SIGTERM.
			const second = await start();
			const res = await fetch(`${second.url}/v1/petitions/${created.body.caseId}`, {
				headers: { "x-query-code": created.body.queryCode },
			});
			expect(res.status).toBe(200);
			second.child.kill("SIGTERM");
			await exited(second.child);
			expect(await eventually(() => javaPids().length === 0)).toBe(true);
		};
		const killed = async () => {
			// Meanwhile: the parent dies without cleaning up (kill -9); the guard still ends java.
			const third = await start(killedDir);
			expect(javaPids(killedDir).length).toBe(1);
			third.child.kill("SIGKILL");
			await exited(third.child);
			expect(await eventually(() => javaPids(killedDir).length === 0)).toBe(true);
		};
		await Promise.all([restarted(), killed()]);
	}, 480_000);

	it("prints a clear one-line error and exits 1 for a bad flag", () => {
		let status = 0;
		let stderr = "";
		try {
			execFileSync(process.execPath, ["--import", "tsx", "local/main.ts", "--clock", "sundial"], {
				cwd: projectRoot,
				encoding: "utf8",
				stdio: "pipe",
			});
		} catch (err) {
			status = (err as { status: number }).status;
			stderr = (err as { stderr: string }).stderr;
		}
		expect(status).toBe(1);
		expect(stderr.trim()).toBe("--clock must be real or virtual, got sundial");
	});
});
