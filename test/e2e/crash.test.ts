/**
 * kill -9 of the whole process group at scale (100 cases here; `npm run bench:crash` runs 1,000): cases
 * in mixed stages, the system killed while actions are in flight, started again on the same data dir,
 * every case driven to its end — nothing lost, no event doubled or missing, no valid action refused,
 * every workflow ended, counters equal to the recount.
 */
import { describe, expect, it } from "vitest";
import { runCrashBench } from "../../bench/crash.ts";

describe("crash at scale", () => {
	it("100 cases: kill -9 mid-flight, restart, drive to the end — 0 lost, 0 doubled or missing, counters = recount", async () => {
		const report = await runCrashBench({ cases: 100, concurrency: 24, log: () => undefined });
		console.log(`crash (100 cases): ${JSON.stringify({ ...report, problems: report.problems.slice(0, 10) })}`);
		expect(report.problems).toEqual([]);
		expect(report).toMatchObject({ lost: 0, eventProblems: 0, refused: 0, workflowsNotDone: 0, counterDifferences: 0 });
		expect(report.cases).toBe(100);
	}, 400_000);
});
