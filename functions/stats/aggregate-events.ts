/**
 * The stats aggregator: a batch of the cases table's stream (NEW_IMAGE, filtered to event items) →
 * counter deltas, each event applied exactly once (shared/stats/apply.ts). Records of one case are
 * applied in stream order; cases run side by side. A failed record is reported in
 * `batchItemFailures` (ReportBatchItemFailures), so the retry starts there; records after it that
 * were applied are skipped then by their markers.
 */
import { requireEnvironment } from "#shared/aws/env.ts";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { documentClient, tableName } from "#shared/aws/clients.ts";
import { type CaseEvent, caseEventSchema } from "#shared/domain/events.ts";
import { logger } from "#shared/observability.ts";
import { countersTable } from "#shared/specs/tables.ts";
import { applyEvent } from "#shared/stats/apply.ts";

requireEnvironment("aggregateEvents");

/** Cases applied side by side within one batch. */
const CONCURRENCY = 8;

const itemKeys = new Set(["pk", "sk", "kind", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"]);

/** The event an item of the stream holds, or undefined for anything else (other item kinds, removals, bad data). */
export function eventOfRecord(record: DynamoDBRecord): CaseEvent | undefined {
	const image = record.dynamodb?.NewImage;
	if (!image || record.eventName === "REMOVE") return undefined;
	const item = unmarshall(image as Record<string, AttributeValue>);
	if (item.kind !== "event") return undefined;
	const parsed = caseEventSchema.safeParse(Object.fromEntries(Object.entries(item).filter(([k]) => !itemKeys.has(k))));
	if (!parsed.success) {
		// A record that can never be applied must not block its shard: it is logged and passed over.
		logger.error("stream record is not a valid event", { sequenceNumber: record.dynamodb?.SequenceNumber });
		return undefined;
	}
	return parsed.data;
}

export async function handler(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
	const doc = documentClient();
	const table = tableName(countersTable);
	const byCase = new Map<string, { index: number; record: DynamoDBRecord; event: CaseEvent }[]>();
	event.Records.forEach((record, index) => {
		const e = eventOfRecord(record);
		if (!e) return;
		const list = byCase.get(e.caseId) ?? [];
		list.push({ index, record, event: e });
		byCase.set(e.caseId, list);
	});

	const failed: { index: number; id: string }[] = [];
	const queue = [...byCase.values()];
	const worker = async () => {
		for (let list = queue.shift(); list; list = queue.shift()) {
			for (const { index, record, event: e } of list) {
				try {
					await applyEvent(doc, table, e);
				} catch (err) {
					logger.error("event not applied", { error: (err as Error).name, caseId: e.caseId, seq: e.seq });
					// Later events of the same case wait for this one (their deltas can depend on it).
					failed.push({ index, id: record.dynamodb?.SequenceNumber ?? record.eventID ?? String(index) });
					break;
				}
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
	failed.sort((a, b) => a.index - b.index);
	return { batchItemFailures: failed.map((f) => ({ itemIdentifier: f.id })) };
}
