/**
 * Applies one event to the counters exactly once. The case's state item (`APPLIED#<caseId>` /
 * `state`) holds the sequence numbers of the events already applied and the facts later events need;
 * one transaction puts it back (conditional on the version read) together with one `ADD` update per
 * counter item the event touches (usually one: the county's month). An event whose number is already
 * in the state was applied before (a Lambda retry, a replayed stream): nothing is written. An event
 * that changes neither a counter nor a fact (a task being opened) writes nothing at all.
 */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
	type DynamoDBDocumentClient,
	GetCommand,
	TransactWriteCommand,
	type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import type { CaseEvent } from "#shared/domain/events.ts";
import { type CaseFacts, step } from "#shared/stats/counters.ts";
import { type CounterUpdate, caseStateKey, counterUpdates } from "#shared/stats/keys.ts";

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

/** DynamoDB's limit of items in one TransactWriteItems. */
export const MAX_TRANSACTION_ITEMS = 100;

export type ApplyOutcome = "applied" | "duplicate" | "no-op";

export interface CaseState {
	facts: CaseFacts;
	/** Sequence numbers of the events applied so far. */
	applied: number[];
	/** 0 when the state item does not exist yet. */
	version: number;
}

export async function readState(doc: DynamoDBDocumentClient, table: string, caseId: string): Promise<CaseState> {
	const out = await doc.send(new GetCommand({ TableName: table, Key: caseStateKey(caseId), ConsistentRead: true }));
	if (!out.Item) return { facts: {}, applied: [], version: 0 };
	return {
		facts: (out.Item.facts ?? {}) as CaseFacts,
		applied: (out.Item.applied ?? []) as number[],
		version: Number(out.Item.version),
	};
}

/** One counter item's `ADD`s as an UpdateItem: counters are attribute names, so they go through placeholders. */
export function counterUpdateItem(table: string, u: CounterUpdate): TransactItem {
	const names: Record<string, string> = { "#region": "region", "#year": "year", "#month": "month" };
	const values: Record<string, unknown> = { ":region": u.region, ":year": u.year, ":month": u.month };
	const adds = Object.entries(u.add).map(([counter, n], i) => {
		names[`#c${i}`] = counter;
		values[`:c${i}`] = n;
		return `#c${i} :c${i}`;
	});
	return {
		Update: {
			TableName: table,
			Key: { pk: u.pk, sk: u.sk },
			UpdateExpression: `SET #region = :region, #year = :year, #month = :month ADD ${adds.join(", ")}`,
			ExpressionAttributeNames: names,
			ExpressionAttributeValues: values,
		},
	};
}

/** The transaction that applies `event` given the case's stored state; empty when the event changes nothing. */
export function applyTransaction(table: string, event: CaseEvent, stored: CaseState): TransactItem[] {
	const { deltas, facts, changed } = step(stored.facts, event);
	const updates = counterUpdates(event.region, deltas);
	if (!changed && updates.length === 0) return [];
	const items: TransactItem[] = [
		{
			Put: {
				TableName: table,
				Item: {
					...caseStateKey(event.caseId),
					facts,
					applied: [...stored.applied, event.seq],
					version: stored.version + 1,
				},
				ConditionExpression: stored.version === 0 ? "attribute_not_exists(pk)" : "version = :v",
				...(stored.version === 0 ? {} : { ExpressionAttributeValues: { ":v": stored.version } }),
			},
		},
	];
	for (const u of updates) items.push(counterUpdateItem(table, u));
	if (items.length > MAX_TRANSACTION_ITEMS)
		throw new Error(`event ${event.type} needs ${items.length} transaction items`);
	return items;
}

/**
 * Applies the event unless the case's state says it was. The state is read first and written back
 * conditionally; if it changed in between (another delivery of the same case), it is read again —
 * and then either shows the event applied or is tried again.
 */
export async function applyEvent(doc: DynamoDBDocumentClient, table: string, event: CaseEvent): Promise<ApplyOutcome> {
	for (let attempt = 1; ; attempt++) {
		const stored = await readState(doc, table, event.caseId);
		if (stored.applied.includes(event.seq)) return "duplicate";
		const items = applyTransaction(table, event, stored);
		if (items.length === 0) return "no-op";
		try {
			await doc.send(new TransactWriteCommand({ TransactItems: items }));
			return "applied";
		} catch (err) {
			if (!(err instanceof TransactionCanceledException)) throw err;
			if (err.CancellationReasons?.[0]?.Code === "ConditionalCheckFailed" && attempt < 4) continue;
			throw err;
		}
	}
}
