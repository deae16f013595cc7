import { defineConfig } from "vitest/config";

export default defineConfig({
	test: {
		include: ["test/**/*.test.ts"],
		globalSetup: ["test/setup/dynamodb.ts", "test/setup/browser.ts"],
		pool: "forks",
		// Two files at a time: most of a file's time is spent waiting for DynamoDB Local or a child
		// process (npm start, the engine under kill -9), so a second worker fills those waits (vitest's
		// default on two cores is one).
		maxWorkers: 2,
		testTimeout: 30_000,
		hookTimeout: 60_000,
		reporters: ["default"],
		// Supervision notices are logged at WARN; tests check them through events instead.
		env: { LOG_LEVEL: "ERROR" },
	},
});
