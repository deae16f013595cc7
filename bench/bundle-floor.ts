/**
 * The floor of `npm run bench:bundles`: a handler that uses only what every DynamoDB function of the
 * registry must carry, with none of the system's code — the DynamoDB document client (tracked by the
 * Powertools Tracer, as shared/aws/clients.ts does), the Tracer's and the Logger's middy middleware,
 * Metrics, and one zod/mini schema. Bundled like the functions (same options and aliases), its KB is
 * what no code of ours can take off.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
import middy from "@middy/core";
import * as z from "zod/mini";

const tracer = new Tracer();
const logger = new Logger();
const metrics = new Metrics({ namespace: "floor" });
const doc = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})));
const request = z.object({ id: z.string().check(z.minLength(1)) });

export const handler = middy(async (event: unknown) => {
	const { id } = request.parse(event);
	metrics.addMetric("read", MetricUnit.Count, 1);
	const { Item } = await doc.send(new GetCommand({ TableName: process.env.TABLE, Key: { pk: id } }));
	logger.info("read", { found: Item !== undefined });
	return Item;
})
	.use(captureLambdaHandler(tracer))
	.use(injectLambdaContext(logger));
