/**
 * Delivering the SMS outbox: each pending message is sent at least once and marked sent; a message
 * already sent is never sent again (a redelivered stream record, a retried batch). The sent item
 * keeps the masked text only (no query code at rest once delivered).
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
	BatchGetCommand,
	type DynamoDBDocumentClient,
	GetCommand,
	TransactWriteCommand,
	UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
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

/** The write that marks an outbox item sent, if it is still pending; the plain text goes (the masked stays). */
function markSent(table: string, key: OutboxKey, messageId: string) {
	return {
		TableName: table,
		Key: { pk: key.pk, sk: key.sk },
		UpdateExpression: "SET #s = :sent, sentAt = :at, messageId = :id, attempts = attempts + :one REMOVE #t",
		ConditionExpression: "#s = :pending",
		ExpressionAttributeNames: { "#s": "status", "#t": "text" },
		ExpressionAttributeValues: { ":sent": "sent", ":pending": "pending", ":at": nowIso(), ":id": messageId, ":one": 1 },
	};
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
		await doc.send(new UpdateCommand(markSent(table, key, messageId)));
	} catch (err) {
		// Marked sent meanwhile by another delivery of the same record: it went out (perhaps twice — at least once).
		if (!(err instanceof ConditionalCheckFailedException)) throw err;
	}
	logger.info("sms sent", { ...log, messageId });
	return "sent";
}

/**
 * A stream batch's outbox items at once: read in one BatchGetItem, each still pending sent, then all
 * marked sent in one transaction (each conditional on still pending; if one was marked meanwhile, each
 * is marked on its own). Returns the keys whose sending failed (their records are delivered again).
 */
export async function deliverSmsBatch(
	doc: DynamoDBDocumentClient,
	table: string,
	sender: SmsSender,
	keys: readonly OutboxKey[],
): Promise<OutboxKey[]> {
	const items = new Map<string, Record<string, unknown>>();
	const id = (k: { pk: unknown; sk: unknown }) => `${k.pk}\u0000${k.sk}`;
	// A batch may hold a record twice (redelivery); a BatchGetItem refuses duplicate keys.
	const unique = [...new Map(keys.map((k) => [id(k), { pk: k.pk, sk: k.sk }])).values()];
	for (let i = 0; i < unique.length; i += 100) {
		let pending: Record<string, unknown>[] | undefined = unique.slice(i, i + 100);
		for (let round = 0; pending?.length; round++) {
			if (round >= 10) throw new Error("outbox items not read: too many unprocessed keys");
			const out = await doc.send(
				new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }),
			);
			for (const item of out.Responses?.[table] ?? []) items.set(id(item as OutboxKey), item);
			pending = out.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined;
		}
	}
	const failed: OutboxKey[] = [];
	const sent: { key: OutboxKey; messageId: string }[] = [];
	const seen = new Set<string>();
	for (const key of keys) {
		const item = items.get(id(key));
		// Gone, already sent, or twice in this batch: nothing to send.
		if (item?.status !== "pending" || seen.has(id(key))) continue;
		seen.add(id(key));
		try {
			const { messageId } = await sender.send({
				phone: String(item.phone),
				text: String(item.text),
				key: `${key.pk}|${key.sk}`,
			});
			sent.push({ key, messageId });
			logger.info("sms sent", {
				caseId: item.caseId,
				purpose: item.purpose,
				to: maskPhone(String(item.phone)),
				outbox: key.sk,
				messageId,
			});
		} catch (err) {
			logger.error("sms not sent; the batch will be retried from it", { outbox: key.sk, error: (err as Error).name });
			failed.push(key);
		}
	}
	const mark = (s: (typeof sent)[number]) => markSent(table, s.key, s.messageId);
	for (let i = 0; i < sent.length; i += 100) {
		const chunk = sent.slice(i, i + 100);
		try {
			await doc.send(new TransactWriteCommand({ TransactItems: chunk.map((s) => ({ Update: mark(s) })) }));
		} catch (err) {
			if (!(err instanceof TransactionCanceledException)) throw err;
			for (const s of chunk) {
				try {
					await doc.send(new UpdateCommand(mark(s)));
				} catch (e) {
					// Marked sent meanwhile by another delivery of the same record: it went out (at least once).
					if (!(e instanceof ConditionalCheckFailedException)) throw e;
				}
			}
		}
	}
	return failed;
}
