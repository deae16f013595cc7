/**
 * The durable store on DynamoDB Local. A checkpoint is one write of the execution item: its document
 * (JSON) and the history events not yet moved to the history table (the tail). Once the
 * tail is long, the checkpoint first writes it as one history item (keyed by its first event id) and
 * starts a new tail. A checkpoint is therefore a single atomic item write most of the time.
 * Writes of all running executions made in the same turn of the event loop are grouped into
 * BatchWriteItem calls (batch-writer.ts). Stored attribute names come from store-format.ts.
 */
import {
	ConditionalCheckFailedException,
	DeleteItemCommand,
	DynamoDBClient,
	GetItemCommand,
	PutItemCommand,
	QueryCommand,
	type QueryCommandInput,
	ScanCommand,
} from "@aws-sdk/client-dynamodb";
import { requestHandler } from "#shared/aws/clients.ts";
import { ensureTables } from "#local/tables.ts";
import { GroupWriter, type Item } from "./batch-writer.ts";
import {
	EXECUTION_ATTRIBUTES as EXECUTION,
	HISTORY_ATTRIBUTES as HISTORY,
	MACHINE_ATTRIBUTES as MACHINE,
	readExecutionDocument,
} from "./store-format.ts";
import { sfnExecutionsTable, sfnHistoryTable, sfnMachinesTable, sfnTableName, sfnTables } from "./tables.ts";
import type {
	EngineStore,
	ExecutionDoc,
	ExecutionStatus,
	ExecutionSummary,
	HistoryEvent,
	StateMachineRecord,
} from "./types.ts";

export interface DynamoDbStoreOptions {
	/** Defaults to a client built from the environment (AWS_ENDPOINT_URL_DYNAMODB). */
	client?: DynamoDBClient;
	/** Table-name prefix (tests use a unique one). */
	prefix?: string;
	/** Concurrent BatchWriteItem calls (default 8). */
	writers?: number;
}

const MAX_CHUNK_CHARS = 300_000;
/** A tail longer than this (events or characters, with the document) moves to the history table. */
const MAX_TAIL_EVENTS = 100;
const MAX_ITEM_CHARS = 300_000;

export function createDynamoDbStore(options: DynamoDbStoreOptions = {}): EngineStore {
	const client = options.client ?? new DynamoDBClient({ maxAttempts: 5, requestHandler });
	const prefix = options.prefix ?? "";
	const machines = sfnTableName(sfnMachinesTable, prefix);
	const executions = sfnTableName(sfnExecutionsTable, prefix);
	const history = sfnTableName(sfnHistoryTable, prefix);
	const writer = new GroupWriter(client, options.writers ?? 8);

	/** Tails of the executions this store has written or read (an execution runs in one engine). */
	const tails = new Map<string, HistoryEvent[]>();

	const execItem = (doc: ExecutionDoc, tail: HistoryEvent[] | string): Item => ({
		[EXECUTION.arn]: { S: doc.arn },
		[EXECUTION.document]: { S: JSON.stringify(doc) },
		[EXECUTION.historyTail]: { S: typeof tail === "string" ? tail : JSON.stringify(tail) },
		[EXECUTION.status]: { S: doc.status },
		[EXECUTION.stateMachineArn]: { S: doc.smArn },
		[EXECUTION.startDate]: { N: String(doc.startMs) },
		[EXECUTION.name]: { S: doc.name },
		...(doc.stopMs !== undefined ? { [EXECUTION.stopDate]: { N: String(doc.stopMs) } } : {}),
		...(doc.status === "RUNNING" ? { [EXECUTION.running]: { S: "1" } } : {}),
	});
	/** The document and tail together pass a DynamoDB item's comfortable size. */
	const tooLarge = (item: Item) =>
		(item[EXECUTION.document]?.S?.length ?? 0) + (item[EXECUTION.historyTail]?.S?.length ?? 0) > MAX_ITEM_CHARS;
	const parseTail = (item: Item | undefined): HistoryEvent[] => {
		const text = item?.[EXECUTION.historyTail]?.S;
		return text ? (JSON.parse(text) as HistoryEvent[]) : [];
	};
	/** An execution item with only its tail. */
	const readTail = async (arn: string): Promise<Item | undefined> =>
		(
			await client.send(
				new GetItemCommand({
					TableName: executions,
					Key: { [EXECUTION.arn]: { S: arn } },
					ConsistentRead: true,
					ProjectionExpression: "#tail",
					ExpressionAttributeNames: { "#tail": EXECUTION.historyTail },
				}),
			)
		).Item;

	const historyItems = (arn: string, events: HistoryEvent[]): Item[] => {
		const items: Item[] = [];
		let chunk: HistoryEvent[] = [];
		let size = 0;
		const flush = () => {
			if (!chunk.length) return;
			items.push({
				[HISTORY.arn]: { S: arn },
				[HISTORY.firstEventId]: { N: String(chunk[0]!.id) },
				[HISTORY.events]: { S: JSON.stringify(chunk) },
			});
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
			await client.send(
				new PutItemCommand({
					TableName: machines,
					Item: {
						[MACHINE.arn]: { S: sm.arn },
						[MACHINE.record]: { S: JSON.stringify(sm) },
						[MACHINE.kind]: { S: "sm" },
					},
				}),
			);
		},
		async getStateMachine(arn) {
			const r = await client.send(
				new GetItemCommand({ TableName: machines, Key: { [MACHINE.arn]: { S: arn } }, ConsistentRead: true }),
			);
			const record = r.Item?.[MACHINE.record]?.S;
			return record ? (JSON.parse(record) as StateMachineRecord) : undefined;
		},
		async listStateMachines() {
			const out: StateMachineRecord[] = [];
			let ExclusiveStartKey: Item | undefined;
			do {
				const r = await client.send(
					new ScanCommand({
						TableName: machines,
						FilterExpression: "#kind = :machine",
						ExpressionAttributeNames: { "#kind": MACHINE.kind },
						ExpressionAttributeValues: { ":machine": { S: "sm" } },
						ConsistentRead: true,
						...(ExclusiveStartKey ? { ExclusiveStartKey } : {}),
					}),
				);
				for (const it of r.Items ?? []) {
					const record = it[MACHINE.record]?.S;
					if (record) out.push(JSON.parse(record) as StateMachineRecord);
				}
				ExclusiveStartKey = r.LastEvaluatedKey;
			} while (ExclusiveStartKey);
			return out;
		},
		async deleteStateMachine(arn) {
			await client.send(new DeleteItemCommand({ TableName: machines, Key: { [MACHINE.arn]: { S: arn } } }));
		},
		async putDefinition(id, text) {
			await client.send(
				new PutItemCommand({
					TableName: machines,
					Item: {
						[MACHINE.arn]: { S: `def#${id}` },
						[MACHINE.definitionText]: { S: text },
						[MACHINE.kind]: { S: "def" },
					},
				}),
			);
		},
		async getDefinition(id) {
			const r = await client.send(
				new GetItemCommand({ TableName: machines, Key: { [MACHINE.arn]: { S: `def#${id}` } }, ConsistentRead: true }),
			);
			return r.Item?.[MACHINE.definitionText]?.S;
		},
		async createExecution(doc, events) {
			const tail = events.slice();
			let item = execItem(doc, tail);
			let chunks: Item[] = [];
			if (tail.length > MAX_TAIL_EVENTS || tooLarge(item)) {
				chunks = historyItems(doc.arn, tail);
				tail.length = 0;
				item = execItem(doc, tail);
			}
			try {
				await client.send(
					new PutItemCommand({
						TableName: executions,
						Item: item,
						ConditionExpression: "attribute_not_exists(#arn)",
						ExpressionAttributeNames: { "#arn": EXECUTION.arn },
					}),
				);
			} catch (err) {
				if (err instanceof ConditionalCheckFailedException) return (await this.getExecution(doc.arn)) ?? doc;
				throw err;
			}
			tails.set(doc.arn, tail);
			await Promise.all(chunks.map((it) => writer.put(history, `${doc.arn}#${it[HISTORY.firstEventId]?.N}`, it)));
			return undefined;
		},
		async saveExecution(doc, events) {
			// serialize now: the caller goes on changing the document once this returns a promise
			let tail = tails.get(doc.arn);
			if (!tail) {
				// written by another engine before (not read through this store): fetch its tail
				tail = parseTail(await readTail(doc.arn));
			}
			// a replay after a restart may emit ids the tail already has: the newer ones replace them
			const first = events[0]?.id;
			if (first !== undefined) while (tail.length && tail[tail.length - 1]!.id >= first) tail.pop();
			tail.push(...events);
			const done = doc.status !== "RUNNING";
			let item = execItem(doc, tail);
			if (tail.length > MAX_TAIL_EVENTS || tooLarge(item)) {
				// the history item first: a crash between the two leaves it beside the old tail, which the
				// ids merge (getHistory), and the replay rewrites it under the same key
				await Promise.all(
					historyItems(doc.arn, tail).map((it) => writer.put(history, `${doc.arn}#${it[HISTORY.firstEventId]?.N}`, it)),
				);
				tail = [];
				item = execItem(doc, tail);
			}
			if (done) tails.delete(doc.arn);
			else tails.set(doc.arn, tail);
			await writer.put(executions, doc.arn, item);
		},
		async getExecution(arn) {
			const r = await client.send(
				new GetItemCommand({ TableName: executions, Key: { [EXECUTION.arn]: { S: arn } }, ConsistentRead: true }),
			);
			const text = r.Item?.[EXECUTION.document]?.S;
			if (!text) return undefined;
			const doc = readExecutionDocument(text);
			if (doc.status === "RUNNING") tails.set(arn, parseTail(r.Item));
			return doc;
		},
		async listExecutions(smArn: string, status?: ExecutionStatus) {
			const items = await queryAll({
				TableName: executions,
				IndexName: "byMachine",
				KeyConditionExpression: "#machine = :machine",
				ProjectionExpression: "#arn, #status, #machine, #start, #name, #stop",
				ExpressionAttributeNames: {
					"#arn": EXECUTION.arn,
					"#status": EXECUTION.status,
					"#machine": EXECUTION.stateMachineArn,
					"#start": EXECUTION.startDate,
					"#name": EXECUTION.name,
					"#stop": EXECUTION.stopDate,
				},
				ExpressionAttributeValues: { ":machine": { S: smArn }, ...(status ? { ":status": { S: status } } : {}) },
				...(status ? { FilterExpression: "#status = :status" } : {}),
				ScanIndexForward: false,
			});
			return items.map(
				(it): ExecutionSummary => ({
					arn: it[EXECUTION.arn]!.S!,
					smArn: it[EXECUTION.stateMachineArn]!.S!,
					name: it[EXECUTION.name]!.S!,
					status: it[EXECUTION.status]!.S! as ExecutionStatus,
					startMs: Number(it[EXECUTION.startDate]!.N),
					...(it[EXECUTION.stopDate]?.N ? { stopMs: Number(it[EXECUTION.stopDate]!.N) } : {}),
				}),
			);
		},
		async listRunning() {
			const items = await queryAll({
				TableName: executions,
				IndexName: "running",
				KeyConditionExpression: "#running = :running",
				ExpressionAttributeNames: { "#running": EXECUTION.running },
				ExpressionAttributeValues: { ":running": { S: "1" } },
			});
			// the index is eventually consistent: read each document itself
			const docs = await Promise.all(items.map((it) => this.getExecution(it[EXECUTION.arn]!.S!)));
			return docs.filter((d): d is ExecutionDoc => d?.status === "RUNNING");
		},
		async getHistory(arn) {
			const [items, exec] = await Promise.all([
				queryAll({
					TableName: history,
					KeyConditionExpression: "#arn = :arn",
					ExpressionAttributeNames: { "#arn": HISTORY.arn },
					ExpressionAttributeValues: { ":arn": { S: arn } },
					ConsistentRead: true,
				}),
				readTail(arn),
			]);
			const byId = new Map<number, HistoryEvent>();
			for (const it of items)
				for (const e of JSON.parse(it[HISTORY.events]?.S ?? "[]") as HistoryEvent[]) byId.set(e.id, e);
			for (const e of parseTail(exec)) byId.set(e.id, e);
			return [...byId.values()].sort((a, b) => a.id - b.id);
		},
		async close() {},
	};
}
