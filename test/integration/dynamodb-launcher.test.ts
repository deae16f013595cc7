import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
	DynamoDbStartError,
	JavaMissingError,
	launchDynamoDbLocal,
	readyTimeoutMs,
	waitReady,
} from "#local/dynamodb.ts";
import { dynamoDbLocalPidUnder } from "../../bench/process-cpu.ts";

describe("the DynamoDB Local launcher", () => {
	it("says in one line that Java is missing when it is not on PATH", async () => {
		const path = process.env.PATH;
		process.env.PATH = "/nonexistent";
		try {
			const err = await launchDynamoDbLocal().catch((e: unknown) => e);
			expect(err).toBeInstanceOf(JavaMissingError);
			expect((err as Error).message).toMatch(/^DynamoDB Local needs Java 17[^\n]*$/);
		} finally {
			process.env.PATH = path;
		}
	});
	it("runs DynamoDB Local without its telemetry: nothing of a petition bureau's machine is sent anywhere", () => {
		// The suite's own DynamoDB Local (test/setup/dynamodb.ts) was started by this launcher.
		const java = dynamoDbLocalPidUnder(Number(process.env.TEST_DYNAMODB_PID));
		const args = readFileSync(`/proc/${java}/cmdline`, "utf8").split("\0");
		expect(args).toContain("-disableTelemetry");
		expect(args.indexOf("-disableTelemetry")).toBeGreaterThan(args.indexOf("-jar"));
	});
	// stop() ending java is asserted by test/e2e/npm-start.test.ts (Ctrl-C and SIGTERM stop the system, which
	// stops DynamoDB Local; no java may remain), without starting one more java here.
});

describe("waiting for DynamoDB Local to be ready", () => {
	/** A stand-in endpoint that answers 503 until `readyAfterMs`, then 400 (what DynamoDB Local says to an unsigned call). */
	async function slowEndpoint(readyAfterMs: number) {
		const { createServer } = await import("node:http");
		const opened = Date.now();
		const server = createServer((_req, res) => {
			res.statusCode = Date.now() - opened < readyAfterMs ? 503 : 400;
			res.end();
		});
		await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
		const { port } = server.address() as { port: number };
		return { url: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => server.close(() => r())) };
	}
	const alive = () => Object.assign(new EventEmitter(), { exitCode: null, signalCode: null });

	it("keeps waiting while the process is alive and starting, printing progress lines", async () => {
		const ep = await slowEndpoint(1200);
		const lines: string[] = [];
		try {
			await waitReady(ep.url, alive(), 10_000, (l) => lines.push(l), 300);
		} finally {
			await ep.close();
		}
		expect(lines.length).toBeGreaterThanOrEqual(2);
		expect(lines[0]).toMatch(/waiting for DynamoDB Local to start… \d+ s \(limit 10 s/);
	});

	it("gives up at once when the process exits, and after the limit otherwise", async () => {
		const ep = await slowEndpoint(60_000);
		try {
			const dead = Object.assign(new EventEmitter(), { exitCode: 1, signalCode: null });
			const t0 = Date.now();
			await expect(waitReady(ep.url, dead, 10_000, () => undefined)).rejects.toBeInstanceOf(DynamoDbStartError);
			expect(Date.now() - t0).toBeLessThan(1000);
			await expect(waitReady(ep.url, alive(), 400, () => undefined)).rejects.toThrow(/within 400 ms/);
		} finally {
			await ep.close();
		}
	});

	it("defaults to at least 120 s, configurable through DYNAMODB_READY_TIMEOUT_MS", () => {
		const saved = process.env.DYNAMODB_READY_TIMEOUT_MS;
		try {
			delete process.env.DYNAMODB_READY_TIMEOUT_MS;
			expect(readyTimeoutMs()).toBeGreaterThanOrEqual(120_000);
			process.env.DYNAMODB_READY_TIMEOUT_MS = "300000";
			expect(readyTimeoutMs()).toBe(300_000);
			expect(readyTimeoutMs(5000)).toBe(5000);
		} finally {
			if (saved === undefined) delete process.env.DYNAMODB_READY_TIMEOUT_MS;
			else process.env.DYNAMODB_READY_TIMEOUT_MS = saved;
		}
	});
});
