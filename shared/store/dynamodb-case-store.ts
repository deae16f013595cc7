/** CaseStore on DynamoDB: the case, its task and its event items share a partition; writes are transactions. */
import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
	BatchGetCommand,
	type DynamoDBDocumentClient,
	GetCommand,
	TransactWriteCommand,
	type TransactWriteCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { type CaseChange, type CaseStore, type PendingTask, pendingTaskSchema, StaleCaseError } from "#shared/cases/store.ts";
import { type Case, caseSchema } from "#shared/domain/case.ts";
import { type CaseEvent, caseEventSchema } from "#shared/domain/events.ts";
import { type SmsDraft, smsForChange } from "#shared/notify/sms.ts";
import { caseKey, EVENT_PREFIX, eventKey, indexAttributes, personKey, personPartition, smsKey, taskKey, withoutItemKeys } from "#shared/store/case-keys.ts";
import { queryAll } from "#shared/store/query-all.ts";
import { nowIso } from "#shared/time.ts";

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

export const caseFromItem = (item: Record<string, unknown>): Case => caseSchema.parse(withoutItemKeys(item));
export const eventFromItem = (item: Record<string, unknown>): CaseEvent => caseEventSchema.parse(withoutItemKeys(item));

export function dynamoCaseStore(doc: DynamoDBDocumentClient, table: string): CaseStore {
	const caseItem = (kase: Case) => ({ ...caseKey(kase.caseId), kind: "case", ...indexAttributes(kase), ...kase });
	const eventItem = (event: CaseEvent) => ({ ...eventKey(event.caseId, event.seq), kind: "event", ...event });
	/** Outbox items: written with the change that causes them, delivered by `sendSms` from the stream. */
	const smsItems = (kase: Case, seq: number, drafts: SmsDraft[]): TransactItem[] =>
		drafts.map((d, n) => ({
			Put: {
				TableName: table,
				Item: { ...smsKey(kase.caseId, seq, n), kind: "sms", caseId: kase.caseId, phone: kase.petitioner.phone, ...d, status: "pending", createdAt: nowIso(), attempts: 0 },
				ConditionExpression: "attribute_not_exists(pk)",
			},
		}));

	async function transact(items: TransactItem[]): Promise<void> {
		try {
			await doc.send(new TransactWriteCommand({ TransactItems: items }));
		} catch (err) {
			if (err instanceof TransactionCanceledException && err.CancellationReasons?.some((r) => r.Code === "ConditionalCheckFailed"))
				throw new StaleCaseError();
			throw err;
		}
	}

	function changeItems({ before, after, events, task }: CaseChange): { next: Case; items: TransactItem[] } {
		const next: Case = { ...after, version: before.version + 1, eventCount: before.eventCount + events.length };
		const items: TransactItem[] = [
			{
				Put: {
					TableName: table,
					Item: caseItem(next),
					ConditionExpression: "version = :v",
					ExpressionAttributeValues: { ":v": before.version },
				},
			},
			...events.map((e, i) => ({
				Put: {
					TableName: table,
					Item: eventItem({ ...e, caseId: before.caseId, seq: before.eventCount + i + 1 } as CaseEvent),
					ConditionExpression: "attribute_not_exists(pk)",
				},
			})),
		];
		items.push(...smsItems(next, before.eventCount + 1, smsForChange(before, next)));
		if (task && "put" in task) {
			items.push({ Put: { TableName: table, Item: { ...taskKey(before.caseId), kind: "task", ...(task.put satisfies PendingTask) } } });
		} else if (task) {
			const consumed = "consume" in task;
			items.push({
				Update: {
					TableName: table,
					Key: taskKey(before.caseId),
					UpdateExpression: consumed ? "SET #s = :new, #r = :result" : "SET #s = :new",
					ConditionExpression: "#t = :token AND #s = :open",
					ExpressionAttributeNames: { "#s": "status", "#t": "token", ...(consumed ? { "#r": "result" } : {}) },
					ExpressionAttributeValues: {
						":new": consumed ? "consumed" : "timed_out",
						":open": "open",
						":token": consumed ? task.consume.token : task.expire.token,
						...(consumed ? { ":result": task.consume.result } : {}),
					},
				},
			});
		}
		return { next, items };
	}

	return {
		async create(kase, event, outbox = []) {
			await doc.send(
				new TransactWriteCommand({
					TransactItems: [
						{ Put: { TableName: table, Item: caseItem(kase), ConditionExpression: "attribute_not_exists(pk)" } },
						{ Put: { TableName: table, Item: eventItem(event), ConditionExpression: "attribute_not_exists(pk)" } },
						{ Put: { TableName: table, Item: { ...personKey(kase.petitioner.idNumber, kase.caseId), kind: "person", caseId: kase.caseId } } },
						...smsItems(kase, event.seq, outbox),
					],
				}),
			);
		},

		async get(caseId) {
			const out = await doc.send(new GetCommand({ TableName: table, Key: caseKey(caseId), ConsistentRead: true }));
			return out.Item ? caseFromItem(out.Item) : undefined;
		},

		async task(caseId) {
			const out = await doc.send(new GetCommand({ TableName: table, Key: taskKey(caseId), ConsistentRead: true }));
			return out.Item ? pendingTaskSchema.parse(withoutItemKeys(out.Item)) : undefined;
		},

		async events(caseId) {
			const items = await queryAll(doc, {
				TableName: table,
				KeyConditionExpression: "pk = :pk AND begins_with(sk, :evt)",
				ExpressionAttributeValues: { ":pk": caseKey(caseId).pk, ":evt": EVENT_PREFIX },
				ConsistentRead: true,
			});
			return items.map(eventFromItem);
		},

		async commit(change) {
			const { next, items } = changeItems(change);
			await transact(items);
			return next;
		},

		async commitAll(changes) {
			const built = changes.map(changeItems);
			await transact(built.flatMap((b) => b.items));
			return built.map((b) => b.next);
		},

		async casesOfPerson(idNumber) {
			const refs = await queryAll(doc, {
				TableName: table,
				KeyConditionExpression: "pk = :pk",
				ExpressionAttributeValues: { ":pk": personPartition(idNumber) },
			});
			const ids = [...new Set(refs.map((r) => String(r.caseId)))];
			const out: Case[] = [];
			for (let i = 0; i < ids.length; i += 100) {
				let keys: Record<string, unknown>[] | undefined = ids.slice(i, i + 100).map(caseKey);
				for (let round = 0; keys?.length && round < 10; round++) {
					const r = await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }));
					out.push(...(r.Responses?.[table] ?? []).map(caseFromItem));
					keys = r.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined;
				}
			}
			return out;
		},
	};
}
