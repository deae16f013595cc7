import { describe, expect, it } from "vitest";
import {
	cpuMs,
	dynamoDbLocalPidUnder,
	javaThreadCpuMs,
	javaThreadCpuSince,
	warmUntilSettled,
} from "../../bench/process-cpu.ts";

// The suite's own DynamoDB Local (test/setup/dynamodb.ts): the benches read the same /proc files of theirs.
const java = () => dynamoDbLocalPidUnder(Number(process.env.TEST_DYNAMODB_PID));

describe("the benches' view of DynamoDB Local's CPU", () => {
	it("splits its CPU by thread: the SQLite queue, Jetty, the JIT; no more than the process's whole", () => {
		const pid = java();
		const threads = javaThreadCpuMs(pid);
		expect([...threads.keys()]).toEqual(expect.arrayContaining(["SQLite queue", "HTTP (Jetty)", "JIT compilers"]));
		const sum = [...threads.values()].reduce((a, b) => a + b, 0);
		expect(sum).toBeGreaterThan(0);
		// threads that have ended count in the process's total only
		expect(sum).toBeLessThanOrEqual(cpuMs(pid) + 50);
		const since = javaThreadCpuSince(threads, javaThreadCpuMs(pid));
		for (const v of since.values()) expect(v).toBeGreaterThanOrEqual(0);
	});

	it("warms up until the compilers' share is under the mark, or for at most maxSlices rounds", async () => {
		let slices = 0;
		const idle = async () => {
			slices++;
		};
		// A mark every share is under: one round. (Other test files share this DynamoDB Local, so the share
		// measured here is whatever they made it; it is a share all the same.)
		const once = await warmUntilSettled(java(), idle, { settledShare: 1.01 });
		expect(once.slices).toBe(1);
		expect(once.compilerShare).toBeGreaterThanOrEqual(0);
		expect(once.compilerShare).toBeLessThanOrEqual(1);
		// A mark no share can be under: it stops at the limit.
		slices = 0;
		const r = await warmUntilSettled(java(), idle, { settledShare: 0, maxSlices: 3 });
		expect(r.slices).toBe(3);
		expect(slices).toBe(3);
	});
});
