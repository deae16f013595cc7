/**
 * Applies one event to the counters exactly once: one transaction holds a conditional Put of the
 * event's "applied" marker, the case's facts (conditional on the version read) and every counter
 * `ADD`. A marker already there means the event was applied before (a Lambda retry, a replayed
 * stream): nothing is written.
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import type { CaseEvent } from "#shared/domain/events.ts";
import { type CaseFacts, step } from "#shared/stats/counters.ts";
import { appliedKey, counterUpdates, factsKey } from "#shared/stats/keys.ts";

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** DynamoDB's limit of items in one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

/** How long a marker must outlive its stream record: streams keep records 24 hours; a week is ample. */
const MARKER_TTL_SECONDS = 7 * 86_400;

export type ApplyOutcome = "applied" | "duplicate";

interface StoredFacts {
	facts: CaseFacts;
	version: number;
}

async function readFacts(doc: DynamoDBDocumentClient, table: string, caseId: string): Promise<StoredFacts> {
	const out = await doc.send(new GetCommand({ TableName: table, Key: factsKey(caseId), ConsistentRead: true }));
	if (!out.Item) return { facts: {}, version: 0 };
	const { pk: _pk, sk: _sk, version, ...facts } = out.Item;
	return { facts: facts as CaseFacts, version: Number(version) };
}

/** The transaction that applies `event` given the case's stored facts. */
export function applyTransaction(table: string, event: CaseEvent, stored: StoredFacts): TransactItem[] {
	const { deltas, facts, changed } = step(stored.facts, event);
	// Markers expire by wall-clock time: they guard against stream redelivery, which is real time.
	const expiresAt = Math.floor(Date.now() / 1000) + MARKER_TTL_SECONDS;
	const items: TransactItem[] = [
		{
			Put: {
				TableName: table,
				Item: { ...appliedKey(event.caseId, event.seq), type: event.type, expiresAt },
				ConditionExpression: "attribute_not_exists(pk)",
			},
		},
	];
	if (changed)
		items.push({
			Put: {
				TableName: table,
				Item: { ...factsKey(event.caseId), ...facts, version: stored.version + 1 },
				ConditionExpression: stored.version === 0 ? "attribute_not_exists(pk)" : "version = :v",
				...(stored.version === 0 ? {} : { ExpressionAttributeValues: { ":v": stored.version } }),
			},
		});
	for (const u of counterUpdates(event.region, deltas))
		items.push({
			Update: {
				TableName: table,
				Key: { pk: u.pk, sk: u.sk },
				UpdateExpression: "ADD n :d",
				ExpressionAttributeValues: { ":d": u.n },
			},
		});
	if (items.length > MAX_TRANSACTION_ITEMS) throw new Error(`event ${event.type} needs ${items.length} transaction items`);
	return items;
}

/**
 * Applies the event unless its marker exists. The facts are read first and written back conditionally;
 * if they changed in between (only another consumer of the same case could), the event is tried again.
 */
export async function applyEvent(doc: DynamoDBDocumentClient, table: string, event: CaseEvent): Promise<ApplyOutcome> {
	for (let attempt = 1; ; attempt++) {
		const stored = await readFacts(doc, table, event.caseId);
		try {
			await doc.send(new TransactWriteCommand({ TransactItems: applyTransaction(table, event, stored) }));
			return "applied";
		} catch (err) {
			if (!(err instanceof TransactionCanceledException)) throw err;
			const [marker, facts] = err.CancellationReasons ?? [];
			if (marker?.Code === "ConditionalCheckFailed") return "duplicate";
			if (facts?.Code === "ConditionalCheckFailed" && attempt < 3) continue;
			throw err;
		}
	}
}
