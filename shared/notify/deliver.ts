/**
 * Delivering the SMS outbox: each pending message is sent at least once and marked sent; a message
 * already sent is never sent again (a redelivered stream record, a retried batch). The sent item
 * keeps the masked text only (no query code at rest once delivered).
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { maskPhone } from "#shared/domain/identity.ts";
import { logger } from "#shared/observability.ts";
import { nowIso } from "#shared/time.ts";

/** Where messages go: AWS End User Messaging SMS on AWS, a file in the data dir on one machine. */
export interface SmsSender {
	/** `key` identifies the outbox item (for the provider's context and the local file). */
	send(message: { phone: string; text: string; key: string }): Promise<{ messageId: string }>;
}

export interface OutboxKey {
	pk: string;
	sk: string;
}

/** Sends the outbox item if it is still pending; returns what happened. Throws when sending fails (the batch is retried). */
export async function deliverSms(
	doc: DynamoDBDocumentClient,
	table: string,
	sender: SmsSender,
	key: OutboxKey,
): Promise<"sent" | "already-sent" | "gone"> {
	const { Item: item } = await doc.send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }));
	if (!item) return "gone";
	if (item.status !== "pending") return "already-sent";
	const log = { caseId: item.caseId, purpose: item.purpose, to: maskPhone(String(item.phone)), outbox: key.sk };
	const { messageId } = await sender.send({
		phone: String(item.phone),
		text: String(item.text),
		key: `${key.pk}|${key.sk}`,
	});
	try {
		await doc.send(
			new UpdateCommand({
				TableName: table,
				Key: key,
				UpdateExpression: "SET #s = :sent, sentAt = :at, messageId = :id, attempts = attempts + :one REMOVE #t",
				ConditionExpression: "#s = :pending",
				ExpressionAttributeNames: { "#s": "status", "#t": "text" },
				ExpressionAttributeValues: {
					":sent": "sent",
					":pending": "pending",
					":at": nowIso(),
					":id": messageId,
					":one": 1,
				},
			}),
		);
	} catch (err) {
		// Marked sent meanwhile by another delivery of the same record: it went out (perhaps twice — at least once).
		if (!(err instanceof ConditionalCheckFailedException)) throw err;
	}
	logger.info("sms sent", { ...log, messageId });
	return "sent";
}
