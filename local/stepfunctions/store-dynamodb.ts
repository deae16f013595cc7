/**
 * The durable store on DynamoDB Local. A checkpoint is one execution item (its document as JSON)
 * plus one history item (the events since the previous checkpoint); checkpoints of all running
 * executions are grouped into BatchWriteItem calls (up to 25 items each), several in flight.
 */
import {
	type AttributeValue,
	BatchWriteItemCommand,
	ConditionalCheckFailedException,
	DeleteItemCommand,
	DynamoDBClient,
	GetItemCommand,
	PutItemCommand,
	QueryCommand,
	type QueryCommandInput,
	ScanCommand,
	type WriteRequest,
} from "@aws-sdk/client-dynamodb";
import { ensureTables } from "#local/tables.ts";
import { sfnExecutionsTable, sfnHistoryTable, sfnMachinesTable, sfnTableName, sfnTables } from "./tables.ts";
import type { EngineStore, ExecutionDoc, ExecutionStatus, ExecutionSummary, HistoryEvent, StateMachineRecord } from "./types.ts";

export interface DynamoDbStoreOptions {
	/** Defaults to a client built from the environment (AWS_ENDPOINT_URL_DYNAMODB). */
	client?: DynamoDBClient;
	/** Table-name prefix (tests use a unique one). */
	prefix?: string;
	/** Concurrent BatchWriteItem calls (default 8). */
	writers?: number;
}

type Item = Record<string, AttributeValue>;

interface Pending {
	table: string;
	key: string;
	item: Item;
	done: () => void;
	fail: (err: unknown) => void;
}

const MAX_CHUNK_CHARS = 300_000;

class GroupWriter {
	private queue: Pending[] = [];
	private inflight = 0;

	constructor(
		private readonly client: DynamoDBClient,
		private readonly max: number,
	) {}

	put(table: string, key: string, item: Item): Promise<void> {
		return new Promise((done, fail) => {
			this.queue.push({ table, key, item, done, fail });
			this.pump();
		});
	}

	private pump(): void {
		while (this.inflight < this.max && this.queue.length) {
			const batch: Pending[] = [];
			const keys = new Set<string>();
			let i = 0;
			while (i < this.queue.length && batch.length < 25) {
				const p = this.queue[i]!;
				const k = `${p.table}\u0000${p.key}`;
				if (keys.has(k)) {
					i++;
					continue;
				}
				keys.add(k);
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
				for (const reqs of Object.values(out.UnprocessedItems ?? {})) for (const r of reqs) if (r.PutRequest?.Item) left.add(r.PutRequest.Item);
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

function sameKey(a: Item, b: Item): boolean {
	return a.arn?.S === b.arn?.S && a.id?.N === b.id?.N;
}

export function createDynamoDbStore(options: DynamoDbStoreOptions = {}): EngineStore {
	const client = options.client ?? new DynamoDBClient({ maxAttempts: 5 });
	const prefix = options.prefix ?? "";
	const machines = sfnTableName(sfnMachinesTable, prefix);
	const executions = sfnTableName(sfnExecutionsTable, prefix);
	const history = sfnTableName(sfnHistoryTable, prefix);
	const writer = new GroupWriter(client, options.writers ?? 8);

	const execItem = (doc: ExecutionDoc): Item => ({
		arn: { S: doc.arn },
		d: { S: JSON.stringify(doc) },
		st: { S: doc.status },
		sm: { S: doc.smArn },
		sd: { N: String(doc.startMs) },
		nm: { S: doc.name },
		...(doc.stopMs !== undefined ? { sp: { N: String(doc.stopMs) } } : {}),
		...(doc.status === "RUNNING" ? { run: { S: "1" } } : {}),
	});

	const historyItems = (arn: string, events: HistoryEvent[]): Item[] => {
		const items: Item[] = [];
		let chunk: HistoryEvent[] = [];
		let size = 0;
		const flush = () => {
			if (!chunk.length) return;
			items.push({ arn: { S: arn }, id: { N: String(chunk[0]!.id) }, ev: { S: JSON.stringify(chunk) } });
			chunk = [];
			size = 0;
		};
		for (const e of events) {
			const n = JSON.stringify(e).length;
			if (size + n > MAX_CHUNK_CHARS) flush();
			chunk.push(e);
			size += n;
		}
		flush();
		return items;
	};

	const queryAll = async (input: QueryCommandInput): Promise<Item[]> => {
		const out: Item[] = [];
		let ExclusiveStartKey: Item | undefined;
		do {
			const r = await client.send(new QueryCommand({ ...input, ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }));
			out.push(...(r.Items ?? []));
			ExclusiveStartKey = r.LastEvaluatedKey;
		} while (ExclusiveStartKey);
		return out;
	};

	return {
		async init() {
			await ensureTables(client, sfnTables, (s) => sfnTableName(s, prefix));
		},
		async putStateMachine(sm: StateMachineRecord) {
			await client.send(new PutItemCommand({ TableName: machines, Item: { arn: { S: sm.arn }, j: { S: JSON.stringify(sm) }, kind: { S: "sm" } } }));
		},
		async getStateMachine(arn) {
			const r = await client.send(new GetItemCommand({ TableName: machines, Key: { arn: { S: arn } }, ConsistentRead: true }));
			const j = r.Item?.j?.S;
			return j ? (JSON.parse(j) as StateMachineRecord) : undefined;
		},
		async listStateMachines() {
			const out: StateMachineRecord[] = [];
			let ExclusiveStartKey: Item | undefined;
			do {
				const r = await client.send(
					new ScanCommand({
						TableName: machines,
						FilterExpression: "kind = :k",
						ExpressionAttributeValues: { ":k": { S: "sm" } },
						ConsistentRead: true,
						...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
					}),
				);
				for (const it of r.Items ?? []) if (it.j?.S) out.push(JSON.parse(it.j.S) as StateMachineRecord);
				ExclusiveStartKey = r.LastEvaluatedKey;
			} while (ExclusiveStartKey);
			return out;
		},
		async deleteStateMachine(arn) {
			await client.send(new DeleteItemCommand({ TableName: machines, Key: { arn: { S: arn } } }));
		},
		async putDefinition(id, text) {
			await client.send(new PutItemCommand({ TableName: machines, Item: { arn: { S: `def#${id}` }, text: { S: text }, kind: { S: "def" } } }));
		},
		async getDefinition(id) {
			const r = await client.send(new GetItemCommand({ TableName: machines, Key: { arn: { S: `def#${id}` } }, ConsistentRead: true }));
			return r.Item?.text?.S;
		},
		async createExecution(doc, events) {
			try {
				await client.send(new PutItemCommand({ TableName: executions, Item: execItem(doc), ConditionExpression: "attribute_not_exists(arn)" }));
			} catch (err) {
				if (err instanceof ConditionalCheckFailedException) return (await this.getExecution(doc.arn)) ?? doc;
				throw err;
			}
			await Promise.all(historyItems(doc.arn, events).map((it) => writer.put(history, `${doc.arn}#${it.id?.N}`, it)));
			return undefined;
		},
		async saveExecution(doc, events) {
			// serialize now: the caller goes on changing the document once this returns a promise
			const writes = historyItems(doc.arn, events).map((it) => writer.put(history, `${doc.arn}#${it.id?.N}`, it));
			writes.push(writer.put(executions, doc.arn, execItem(doc)));
			await Promise.all(writes);
		},
		async getExecution(arn) {
			const r = await client.send(new GetItemCommand({ TableName: executions, Key: { arn: { S: arn } }, ConsistentRead: true }));
			const d = r.Item?.d?.S;
			return d ? (JSON.parse(d) as ExecutionDoc) : undefined;
		},
		async listExecutions(smArn: string, status?: ExecutionStatus) {
			const items = await queryAll({
				TableName: executions,
				IndexName: "byMachine",
				KeyConditionExpression: "sm = :sm",
				ProjectionExpression: "arn, st, sm, sd, nm, sp",
				ExpressionAttributeValues: { ":sm": { S: smArn }, ...(status ? { ":st": { S: status } } : {}) },
				...(status ? { FilterExpression: "st = :st" } : {}),
				ScanIndexForward: false,
			});
			return items.map(
				(it): ExecutionSummary => ({
					arn: it.arn!.S!,
					smArn: it.sm!.S!,
					name: it.nm!.S!,
					status: it.st!.S! as ExecutionStatus,
					startMs: Number(it.sd!.N),
					...(it.sp?.N ? { stopMs: Number(it.sp.N) } : {}),
				}),
			);
		},
		async listRunning() {
			const items = await queryAll({
				TableName: executions,
				IndexName: "running",
				KeyConditionExpression: "#r = :r",
				ExpressionAttributeNames: { "#r": "run" },
				ExpressionAttributeValues: { ":r": { S: "1" } },
			});
			// the index is eventually consistent: read each document itself
			const docs = await Promise.all(items.map((it) => this.getExecution(it.arn!.S!)));
			return docs.filter((d): d is ExecutionDoc => d?.status === "RUNNING");
		},
		async getHistory(arn) {
			const items = await queryAll({ TableName: history, KeyConditionExpression: "arn = :a", ExpressionAttributeValues: { ":a": { S: arn } }, ConsistentRead: true });
			const byId = new Map<number, HistoryEvent>();
			for (const it of items) for (const e of JSON.parse(it.ev?.S ?? "[]") as HistoryEvent[]) byId.set(e.id, e);
			return [...byId.values()].sort((a, b) => a.id - b.id);
		},
		async close() {},
	};
}
