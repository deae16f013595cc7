/**
 * Stream consumer of the cases table's SMS outbox items (kind "sms"): delivers each pending message
 * at least once (shared/notify/deliver.ts). A failed send is reported in `batchItemFailures`, so the
 * batch is delivered again from it; messages already sent are skipped.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { smsDeps } from "#shared/aws/deps.ts";
import { requireEnvironment } from "#shared/aws/env.ts";
import { deliverSms } from "#shared/notify/deliver.ts";
import { logger } from "#shared/observability.ts";

requireEnvironment("sendSms");

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
	const deps = smsDeps();
	const failures: DynamoDBBatchResponse["batchItemFailures"] = [];
	for (const record of event.Records) {
		const image = record.dynamodb?.NewImage;
		if (image?.kind?.S !== "sms" || image.status?.S !== "pending" || !image.pk?.S || !image.sk?.S) continue;
		try {
			await deliverSms(deps.doc, deps.table, deps.sender, { pk: image.pk.S, sk: image.sk.S });
		} catch (err) {
			logger.error("sms not sent; the batch will be retried from it", {
				outbox: image.sk.S,
				error: (err as Error).name,
			});
			failures.push({ itemIdentifier: record.dynamodb?.SequenceNumber ?? "" });
		}
	}
	return { batchItemFailures: failures };
}
