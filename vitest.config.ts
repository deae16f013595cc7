import { defineConfig } from "vitest/config";

export default defineConfig({
	test: {
		include: ["test/**/*.test.ts"],
		globalSetup: ["test/setup/dynamodb.ts"],
		pool: "forks",
		testTimeout: 30_000,
		hookTimeout: 60_000,
		reporters: ["default"],
		// Supervision notices are logged at WARN; tests check them through events instead.
		env: { LOG_LEVEL: "ERROR" },
	},
});
