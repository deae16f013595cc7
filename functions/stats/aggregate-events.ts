/** The stats aggregator: the cases table's stream → counters, each event exactly once (shared/stats/consume.ts), and its business metrics. */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { requireEnvironment } from "#shared/aws/env.ts";
import { statsDeps } from "#shared/aws/deps.ts";
import { observed } from "#shared/observability.ts";
import { applyBatch } from "#shared/stats/consume.ts";
import { publishBusinessMetrics } from "#shared/stats/metrics.ts";

requireEnvironment("aggregateEvents");

export const handler = observed(
	"aggregateEvents",
	async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
		const { batchItemFailures, applied } = await applyBatch(statsDeps(), event.Records);
		publishBusinessMetrics(applied.filter((a) => a.outcome !== "duplicate").map((a) => a.event));
		return { batchItemFailures };
	},
);
