/**
 * Grouped writes for the engine's DynamoDB store (checkpoints of every running execution).
 */
import {
	type AttributeValue,
	BatchWriteItemCommand,
	type DynamoDBClient,
	type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { HISTORY_ATTRIBUTES as HISTORY } from "./store-format.ts";

export type Item = Record<string, AttributeValue>;

interface Pending {
	table: string;
	key: string;
	item: Item;
	done: () => void;
	fail: (err: unknown) => void;
}

/**
 * Puts items in BatchWriteItem calls: writes made in the same turn of the event loop go out
 * together (25 items a call, one item per key a call), `max` calls in flight, unprocessed items
 * retried with back-off. Each put resolves when its item is written.
 */
export class GroupWriter {
	private queue: Pending[] = [];
	private inflight = 0;
	private scheduled = false;

	constructor(
		private readonly client: DynamoDBClient,
		private readonly max: number,
	) {}

	put(table: string, key: string, item: Item): Promise<void> {
		return new Promise((done, fail) => {
			this.queue.push({ table, key, item, done, fail });
			// Writes made in the same turn of the event loop go out together.
			if (!this.scheduled) {
				this.scheduled = true;
				setImmediate(() => {
					this.scheduled = false;
					this.pump();
				});
			}
		});
	}

	private pump(): void {
		while (this.inflight < this.max && this.queue.length) {
			const batch: Pending[] = [];
			const keys = new Set<string>();
			let i = 0;
			while (i < this.queue.length && batch.length < 25) {
				const p = this.queue[i]!;
				const slot = `${p.table}\u0000${p.key}`;
				if (keys.has(slot)) {
					i++;
					continue;
				}
				keys.add(slot);
				batch.push(p);
				this.queue.splice(i, 1);
			}
			if (!batch.length) return;
			this.inflight++;
			// send() never rejects: failures are handed to each pending write.
			void this.send(batch).finally(() => {
				this.inflight--;
				this.pump();
			});
		}
	}

	private async send(batch: Pending[]): Promise<void> {
		let todo = batch;
		for (let attempt = 0; todo.length; attempt++) {
			const RequestItems: Record<string, WriteRequest[]> = {};
			for (const p of todo) {
				const list = RequestItems[p.table] ?? [];
				list.push({ PutRequest: { Item: p.item } });
				RequestItems[p.table] = list;
			}
			try {
				const out = await this.client.send(new BatchWriteItemCommand({ RequestItems }));
				const left = new Set<Item>();
				for (const reqs of Object.values(out.UnprocessedItems ?? {}))
					for (const r of reqs) if (r.PutRequest?.Item) left.add(r.PutRequest.Item);
				const next: Pending[] = [];
				for (const p of todo) {
					// unprocessed items come back as equal copies: match by table and key
					const still = [...left].some((it) => it === p.item || sameKey(it, p.item));
					if (still) next.push(p);
					else p.done();
				}
				todo = next;
			} catch (err) {
				if (attempt >= 5) {
					for (const p of todo) p.fail(err);
					return;
				}
			}
			if (todo.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
		}
	}
}

/** Execution and history items are keyed by ARN (and, for history, the first event id). */
function sameKey(a: Item, b: Item): boolean {
	return a[HISTORY.arn]?.S === b[HISTORY.arn]?.S && a[HISTORY.firstEventId]?.N === b[HISTORY.firstEventId]?.N;
}
