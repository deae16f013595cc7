/** The stats aggregator: the cases table's stream → counters, each event exactly once (shared/stats/consume.ts). */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { requireEnvironment } from "#shared/aws/env.ts";
import { statsDeps } from "#shared/aws/deps.ts";
import { applyBatch } from "#shared/stats/consume.ts";

requireEnvironment("aggregateEvents");

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
	const { batchItemFailures } = await applyBatch(statsDeps(), event.Records);
	return { batchItemFailures };
}
