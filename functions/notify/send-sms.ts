/**
 * Stream consumer of the cases table's SMS outbox items (kind "sms"): delivers each pending message
 * at least once (shared/notify/deliver.ts, the batch's messages read and marked together). A failed
 * send is reported in `batchItemFailures`, so the batch is delivered again from it; messages already
 * sent are skipped.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { smsDeps } from "#shared/aws/deps.ts";
import { requireEnvironment } from "#shared/aws/env.ts";
import { deliverSmsBatch, type OutboxKey } from "#shared/notify/deliver.ts";
import { logger } from "#shared/observability.ts";

requireEnvironment("sendSms");

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
	const deps = smsDeps();
	const outbox: { key: OutboxKey; sequence: string }[] = [];
	for (const record of event.Records) {
		const image = record.dynamodb?.NewImage;
		if (image?.kind?.S !== "sms" || image.status?.S !== "pending" || !image.pk?.S || !image.sk?.S) continue;
		outbox.push({ key: { pk: image.pk.S, sk: image.sk.S }, sequence: record.dynamodb?.SequenceNumber ?? "" });
	}
	if (!outbox.length) return { batchItemFailures: [] };
	try {
		const failed = new Set(
			(
				await deliverSmsBatch(
					deps.doc,
					deps.table,
					deps.sender,
					outbox.map((o) => o.key),
				)
			).map((k) => `${k.pk}|${k.sk}`),
		);
		return {
			batchItemFailures: outbox
				.filter((o) => failed.has(`${o.key.pk}|${o.key.sk}`))
				.map((o) => ({ itemIdentifier: o.sequence })),
		};
	} catch (err) {
		logger.error("sms batch not delivered; retried from its first message", { error: (err as Error).name });
		return { batchItemFailures: [{ itemIdentifier: outbox[0]?.sequence ?? "" }] };
	}
}
