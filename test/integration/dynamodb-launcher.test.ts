import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { JavaMissingError, launchDynamoDbLocal } from "#local/dynamodb.ts";

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

	it("stop() ends the java process", async () => {
		const db = await launchDynamoDbLocal();
		const pattern = `^java .*DynamoDBLocal.jar.*-port ${db.port}`;
		const running = () => {
			try {
				execFileSync("pgrep", ["-f", pattern]);
				return true;
			} catch {
				return false;
			}
		};
		expect(running()).toBe(true);
		await db.stop();
		const end = Date.now() + 10_000;
		while (running() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
		expect(running()).toBe(false);
	}, 60_000);
});
