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
	BatchGetCommand,
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

/** One case's events of a batch, in stream order. */
export interface CaseEvents {
	caseId: string;
	events: CaseEvent[];
}

/** The states of `caseIds` in one BatchGetItem per 100 (consistent reads; unprocessed keys read again). */
export async function readStates(
	doc: DynamoDBDocumentClient,
	table: string,
	caseIds: readonly string[],
): Promise<Map<string, CaseState>> {
	const states = new Map<string, CaseState>(caseIds.map((id) => [id, { facts: {}, applied: [], version: 0 }]));
	for (let i = 0; i < caseIds.length; i += 100) {
		let keys: Record<string, unknown>[] | undefined = caseIds.slice(i, i + 100).map(caseStateKey);
		for (let round = 0; keys?.length; round++) {
			if (round >= 10) throw new Error("case states not read: too many unprocessed keys");
			const out = await doc.send(
				new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
			);
			for (const item of out.Responses?.[table] ?? [])
				states.set(String(item.pk).slice("APPLIED#".length), {
					facts: (item.facts ?? {}) as CaseFacts,
					applied: (item.applied ?? []) as number[],
					version: Number(item.version),
				});
			keys = out.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined;
		}
	}
	return states;
}

/** Adds `u` into `into` (one update per counter item, as a transaction may touch an item only once). */
function mergeUpdate(into: Map<string, CounterUpdate>, u: CounterUpdate): void {
	const key = `${u.pk}\u0000${u.sk}`;
	const had = into.get(key);
	if (!had) {
		into.set(key, { ...u, add: { ...u.add } });
		return;
	}
	for (const [counter, n] of Object.entries(u.add)) had.add[counter] = (had.add[counter] ?? 0) + n;
}

interface CaseWrite {
	caseId: string;
	state: TransactItem;
	updates: CounterUpdate[];
	outcomes: { event: CaseEvent; outcome: ApplyOutcome }[];
}

/** A case's events folded over its stored state: the state to put back, its counter updates, each event's outcome. */
function foldCase(
	table: string,
	group: CaseEvents,
	stored: CaseState,
): CaseWrite | { outcomes: CaseWrite["outcomes"] } {
	let facts = stored.facts;
	const applied = [...stored.applied];
	const updates: CounterUpdate[] = [];
	const outcomes: CaseWrite["outcomes"] = [];
	let writes = false;
	for (const event of group.events) {
		if (applied.includes(event.seq)) {
			outcomes.push({ event, outcome: "duplicate" });
			continue;
		}
		const s = step(facts, event);
		const u = counterUpdates(event.region, s.deltas);
		if (!s.changed && u.length === 0) {
			outcomes.push({ event, outcome: "no-op" });
			continue;
		}
		facts = s.facts;
		applied.push(event.seq);
		updates.push(...u);
		writes = true;
		outcomes.push({ event, outcome: "applied" });
	}
	if (!writes) return { outcomes };
	return {
		caseId: group.caseId,
		updates,
		outcomes,
		state: {
			Put: {
				TableName: table,
				Item: { ...caseStateKey(group.caseId), facts, applied, version: stored.version + 1 },
				ConditionExpression: stored.version === 0 ? "attribute_not_exists(pk)" : "version = :v",
				...(stored.version === 0 ? {} : { ExpressionAttributeValues: { ":v": stored.version } }),
			},
		},
	};
}

/**
 * Applies a batch's events of many cases at once: their states in one read, then one transaction for
 * as many cases as fit (100 items), each counter item once with the sum of all their events' changes —
 * at concurrency, one transaction per batch instead of one per event. Each case's state goes back
 * conditionally in the same transaction as its counters, so exactly-once holds as for one event. The
 * cases of a transaction that fails (another delivery of one of them, a conflict) are returned, not
 * applied: the caller applies them one event at a time.
 */
export async function applyCases(
	doc: DynamoDBDocumentClient,
	table: string,
	groups: readonly CaseEvents[],
): Promise<{ applied: CaseWrite["outcomes"]; notApplied: CaseEvents[] }> {
	const states = await readStates(
		doc,
		table,
		groups.map((g) => g.caseId),
	);
	const applied: CaseWrite["outcomes"] = [];
	const notApplied: CaseEvents[] = [];
	let chunk: {
		groups: CaseEvents[];
		states: TransactItem[];
		counters: Map<string, CounterUpdate>;
		outcomes: CaseWrite["outcomes"];
	} = { groups: [], states: [], counters: new Map(), outcomes: [] };
	const flush = async () => {
		const c = chunk;
		chunk = { groups: [], states: [], counters: new Map(), outcomes: [] };
		if (!c.states.length) return;
		// A counter whose changes cancel out within the batch is still ADDed (0), as event by event it would exist.
		const items = [...c.states, ...[...c.counters.values()].map((u) => counterUpdateItem(table, u))];
		try {
			await doc.send(new TransactWriteCommand({ TransactItems: items }));
			applied.push(...c.outcomes);
		} catch (err) {
			if (!(err instanceof TransactionCanceledException)) throw err;
			notApplied.push(...c.groups);
		}
	};
	for (const group of groups) {
		const w = foldCase(table, group, states.get(group.caseId) ?? { facts: {}, applied: [], version: 0 });
		if (!("state" in w)) {
			applied.push(...w.outcomes);
			continue;
		}
		const newKeys = new Set(w.updates.map((u) => `${u.pk}\u0000${u.sk}`).filter((k) => !chunk.counters.has(k)));
		if (chunk.states.length + 1 + chunk.counters.size + newKeys.size > MAX_TRANSACTION_ITEMS) await flush();
		chunk.groups.push(group);
		chunk.states.push(w.state);
		chunk.outcomes.push(...w.outcomes);
		for (const u of w.updates) mergeUpdate(chunk.counters, u);
	}
	await flush();
	return { applied, notApplied };
}
