import { statfsSync } from "node:fs";
import { defineConfig } from "vitest/config";
import { LargestFirstSequencer } from "./test/setup/sequencer.ts";

/**
 * Data dirs of the tests (npm start, restarts, kill -9) on /dev/shm where it is a roomy tmpfs: a killed
 * process loses nothing the page cache holds either way, so what the tests check is the same, without
 * waiting for the shared disk's fsyncs. A small /dev/shm (64 MB in some containers) is left to Chromium.
 */
function roomyShm(): string | undefined {
	try {
		const s = statfsSync("/dev/shm");
		return s.bavail * s.bsize >= 2 ** 30 ? "/dev/shm" : undefined;
	} catch {
		return undefined;
	}
}
const shm = roomyShm();

export default defineConfig({
	test: {
		include: ["test/**/*.test.ts"],
		globalSetup: ["test/setup/dynamodb.ts", "test/setup/browser.ts"],
		pool: "forks",
		// Two files at a time: most of a file's time is spent waiting for DynamoDB Local or a child
		// process (npm start, the engine under kill -9), so a second worker fills those waits (vitest's
		// default on two cores is one).
		maxWorkers: 2,
		sequence: { sequencer: LargestFirstSequencer },
		testTimeout: 30_000,
		hookTimeout: 60_000,
		reporters: ["default"],
		// Supervision notices are logged at WARN; tests check them through events instead.
		env: { LOG_LEVEL: "ERROR", ...(shm ? { TMPDIR: shm } : {}) },
	},
});
