/**
 * AWS clients built from the environment. The same code runs in both homes: on AWS the SDK finds
 * its endpoints itself; locally `AWS_ENDPOINT_URL_DYNAMODB` / `AWS_ENDPOINT_URL_SFN` point at the
 * local parts (the SDK reads those variables natively). Clients are reused while those variables stay
 * the same, and rebuilt when a local system restarts in the same process on other ports.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SFNClient, type SFNClientConfig } from "@aws-sdk/client-sfn";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { requireEnv } from "#shared/aws/env.ts";
import { tracer } from "#shared/tracing.ts";
import type { TableSpec } from "#shared/specs/tables.ts";

interface Clients {
	key: string;
	ddb?: DynamoDBClient;
	doc?: DynamoDBDocumentClient;
	sfn?: SFNClient;
}

let clients: Clients = { key: "" };

/**
 * Keep-alive connections, and a pool sized to the load: one Lambda container serves one request at a
 * time, but the local home runs every handler, the workflow engine and the stream poller in one
 * process, with up to a few hundred calls in flight (the SDK's default of 50 sockets queues them).
 */
export const MAX_SOCKETS = 256;
export const requestHandler = {
	httpAgent: { keepAlive: true, maxSockets: MAX_SOCKETS },
	httpsAgent: { keepAlive: true, maxSockets: MAX_SOCKETS },
};

function current(): Clients {
	const key = [process.env.AWS_ENDPOINT_URL_DYNAMODB, process.env.AWS_ENDPOINT_URL_SFN, process.env.AWS_REGION].join(
		"|",
	);
	if (clients.key !== key) clients = { key };
	return clients;
}

export function dynamoDb(): DynamoDBClient {
	const c = current();
	c.ddb ??= tracer.captureAWSv3Client(new DynamoDBClient({ maxAttempts: 5, requestHandler }));
	return c.ddb;
}

export function documentClient(): DynamoDBDocumentClient {
	const c = current();
	c.doc ??= DynamoDBDocumentClient.from(dynamoDb(), {
		marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
	});
	return c.doc;
}

/** The Step Functions client's transport when it is not HTTP (the local home's in-process engine). */
let sfnTransport: SFNClientConfig["requestHandler"] | undefined;

/** The local home hands its engine to the SFN client this way; `undefined` goes back to HTTP. */
export function useSfnTransport(transport: SFNClientConfig["requestHandler"] | undefined): void {
	sfnTransport = transport;
	clients.sfn = undefined;
}

export function stepFunctions(): SFNClient {
	const c = current();
	c.sfn ??= tracer.captureAWSv3Client(new SFNClient({ requestHandler: sfnTransport ?? requestHandler }));
	return c.sfn;
}

/** The physical name of a table, from its environment variable; throws naming the variable when unset. */
export function tableName(spec: TableSpec): string {
	return requireEnv(spec.envVar, `the ${spec.id} table`);
}
