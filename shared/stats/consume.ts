/**
 * The stream consumer's logic: a batch of the cases table's stream (NEW_IMAGE, filtered to event
 * items) → each event applied exactly once (shared/stats/apply.ts). Records of one case are applied in
 * stream order; cases run side by side on a small worker pool. A failed record stops its case for this
 * batch and is reported (ReportBatchItemFailures), so the retry starts there; records after it that
 * were applied are skipped then by the case's state.
 */
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBBatchResponse, DynamoDBRecord } from "aws-lambda";
import type { CaseEvent } from "#shared/domain/events.ts";
import { logger } from "#shared/observability.ts";
import { type ApplyOutcome, applyCases, applyEvent } from "#shared/stats/apply.ts";
import { eventFromItem } from "#shared/store/dynamodb-case-store.ts";

/** Cases applied side by side within one batch. */
const CONCURRENCY = 8;

export interface StatsDeps {
	doc: DynamoDBDocumentClient;
	/** The counters table's physical name. */
	counters: string;
}

/** The event an item of the stream holds, or undefined for anything else (other item kinds, removals, bad data). */
export function eventOfRecord(record: DynamoDBRecord): CaseEvent | undefined {
	const image = record.dynamodb?.NewImage;
	if (!image || record.eventName === "REMOVE") return undefined;
	const item = unmarshall(image as Record<string, AttributeValue>);
	if (item.kind !== "event") return undefined;
	try {
		return eventFromItem(item);
	} catch {
		// A record that can never be applied must not block its shard: it is logged and passed over.
		logger.error("stream record is not a valid event", { sequenceNumber: record.dynamodb?.SequenceNumber });
		return undefined;
	}
}

interface Entry {
	index: number;
	record: DynamoDBRecord;
	event: CaseEvent;
}

/** The batch's events by case, each case's in stream order. */
export function groupByCase(records: readonly DynamoDBRecord[]): Entry[][] {
	const byCase = new Map<string, Entry[]>();
	records.forEach((record, index) => {
		const event = eventOfRecord(record);
		if (!event) return;
		const list = byCase.get(event.caseId) ?? [];
		list.push({ index, record, event });
		byCase.set(event.caseId, list);
	});
	return [...byCase.values()];
}

/** Runs `work` over `items` with at most `concurrency` at a time. */
export async function withWorkers<T>(
	items: readonly T[],
	concurrency: number,
	work: (item: T) => Promise<void>,
): Promise<void> {
	const queue = [...items];
	const worker = async () => {
		for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
}

export interface BatchResult extends DynamoDBBatchResponse {
	/** The events applied, by outcome (for metrics). */
	applied: { event: CaseEvent; outcome: ApplyOutcome }[];
}

/**
 * The batch's cases together (shared/stats/apply.ts `applyCases`: one read, one transaction per up to
 * 100 items); the cases whose transaction failed, or all of them if that path failed, one event at a
 * time as before, so a failure is reported at its record.
 */
export async function applyBatch(deps: StatsDeps, records: readonly DynamoDBRecord[]): Promise<BatchResult> {
	const failed: { index: number; id: string }[] = [];
	const applied: BatchResult["applied"] = [];
	let groups = groupByCase(records);
	try {
		const merged = await applyCases(
			deps.doc,
			deps.counters,
			groups.map((entries) => ({ caseId: entries[0]?.event.caseId ?? "", events: entries.map((e) => e.event) })),
		);
		applied.push(...merged.applied);
		const left = new Set(merged.notApplied.map((g) => g.caseId));
		groups = groups.filter((entries) => left.has(entries[0]?.event.caseId ?? ""));
	} catch (err) {
		logger.warn("batch not applied at once; applying event by event", { error: (err as Error).name });
	}
	await withWorkers(groups, CONCURRENCY, async (entries) => {
		for (const { index, record, event } of entries) {
			try {
				applied.push({ event, outcome: await applyEvent(deps.doc, deps.counters, event) });
			} catch (err) {
				logger.error("event not applied", { error: (err as Error).name, caseId: event.caseId, seq: event.seq });
				// Later events of the same case wait for this one (their deltas can depend on it).
				failed.push({ index, id: record.dynamodb?.SequenceNumber ?? record.eventID ?? String(index) });
				break;
			}
		}
	});
	failed.sort((a, b) => a.index - b.index);
	return { batchItemFailures: failed.map((f) => ({ itemIdentifier: f.id })), applied };
}
