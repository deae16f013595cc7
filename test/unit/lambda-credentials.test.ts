/** The bundles' credential source: the environment Lambda sets, nothing else. */
import { afterEach, describe, expect, it } from "vitest";
import { defaultProvider } from "#infra/lambda-credentials.ts";

const saved = { ...process.env };
afterEach(() => {
	for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"]) {
		if (saved[k] === undefined) delete process.env[k];
		else process.env[k] = saved[k];
	}
});

describe("Lambda credentials", () => {
	it("returns the execution role's credentials from the environment", async () => {
		// Prepare
		Object.assign(process.env, {
			AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
			AWS_SECRET_ACCESS_KEY: "secret",
			AWS_SESSION_TOKEN: "token",
		});

		// Act / Assess
		expect(await defaultProvider({})()).toEqual({
			accessKeyId: "AKIDEXAMPLE",
			secretAccessKey: "secret",
			sessionToken: "token",
		});
	});

	it("fails naming the variables when they are missing", async () => {
		// Prepare
		delete process.env.AWS_ACCESS_KEY_ID;
		delete process.env.AWS_SECRET_ACCESS_KEY;

		// Act / Assess
		await expect(defaultProvider()()).rejects.toThrow(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set/);
	});
});
