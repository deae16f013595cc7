import { ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { dynamoDb } from "#shared/aws/clients.ts";

describe("the shared DynamoDB Local", () => {
	it("answers on the endpoint the global setup exported", async () => {
		expect(process.env.AWS_ENDPOINT_URL_DYNAMODB).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const out = await dynamoDb().send(new ListTablesCommand({}));
		expect(Array.isArray(out.TableNames)).toBe(true);
	});
});
