/**
 * Vitest global setup: one in-memory DynamoDB Local for the whole run, shared by every test file
 * through AWS_ENDPOINT_URL_DYNAMODB. Tests isolate themselves by creating tables under unique names
 * or by using unique keys.
 */
import { launchDynamoDbLocal } from "#local/dynamodb.ts";
import { useLocalAws } from "#local/env.ts";

export default async function setup() {
	const db = await launchDynamoDbLocal();
	useLocalAws({ dynamodb: db.endpoint });
	process.env.TEST_DYNAMODB_PID = String(db.pid);
	return async () => {
		await db.stop();
	};
}
