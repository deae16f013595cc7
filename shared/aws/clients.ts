/**
 * AWS clients built from the environment. The same code runs in both homes: on AWS the SDK finds
 * its endpoints itself; locally `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL_SFN` point at the
 * local parts (the SDK reads those variables natively).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SFNClient } from "@aws-sdk/client-sfn";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { TableSpec } from "#shared/specs/tables.ts";

let ddb: DynamoDBClient | undefined;
let doc: DynamoDBDocumentClient | undefined;
let sfn: SFNClient | undefined;

export function dynamoDb(): DynamoDBClient {
	ddb ??= new DynamoDBClient({ maxAttempts: 5 });
	return ddb;
}

export function documentClient(): DynamoDBDocumentClient {
	doc ??= DynamoDBDocumentClient.from(dynamoDb(), {
		marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
	});
	return doc;
}

export function stepFunctions(): SFNClient {
	sfn ??= new SFNClient({});
	return sfn;
}

/** The physical name of a table: from its environment variable, else its local name. */
export function tableName(spec: TableSpec): string {
	return process.env[spec.envVar] ?? spec.localName;
}
