/** CaseStore on DynamoDB: the case, its task and its event items share a partition; writes are transactions. */
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
	BatchGetCommand,
	type DynamoDBDocumentClient,
	GetCommand,
	QueryCommand,
	TransactWriteCommand,
	type TransactWriteCommandInput,
	UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import {
	type CaseChange,
	type CaseStore,
	type PendingTask,
	pendingTaskSchema,
	StaleCaseError,
	type StepOutcome,
	stepOutcomeSchema,
	type SubmissionRecord,
	SubmissionKeyTaken,
	submissionRecordSchema,
} from "#shared/cases/store.ts";
import { type Case, caseSchema } from "#shared/domain/case.ts";
import { type CaseEvent, caseEventSchema } from "#shared/domain/events.ts";
import { type SmsDraft, smsForChange } from "#shared/notify/sms.ts";
import {
	AWAITING_START,
	caseKey,
	EVENT_PREFIX,
	eventKey,
	indexAttributes,
	outcomeKey,
	PENDING_HANDOVER,
	personKey,
	personPartition,
	smsKey,
	taskKey,
	withoutItemKeys,
} from "#shared/store/case-keys.ts";
import { queryAll } from "#shared/store/query-all.ts";
import { nowIso } from "#shared/time.ts";

type TransactItem = NonNullable<TransactWriteCommandInput["TransactItems"]>[number];

export const caseFromItem = (item: Record<string, unknown>): Case => caseSchema.parse(withoutItemKeys(item));
export const eventFromItem = (item: Record<string, unknown>): CaseEvent => caseEventSchema.parse(withoutItemKeys(item));
const outcomeFromItem = (item: Record<string, unknown>): StepOutcome => stepOutcomeSchema.parse(withoutItemKeys(item));

export interface CaseStoreOptions {
	/** The idempotency table's name (looked up when a submission record is first written or read). */
	submissions?: () => string;
}

export function dynamoCaseStore(doc: DynamoDBDocumentClient, table: string, options: CaseStoreOptions = {}): CaseStore {
	const submissionsTable = () => {
		if (!options.submissions) throw new Error("this case store has no idempotency table");
		return options.submissions();
	};
	/** The submission's record, last in its transaction (so a failed condition on it can be told apart). */
	const recordItem = (record: SubmissionRecord): TransactItem => ({
		// An expired record (TTL deletes it only within a day or two, DynamoDB Local never) frees its key.
		Put: {
			TableName: submissionsTable(),
			Item: record,
			ConditionExpression: "attribute_not_exists(id) OR expiration < :now",
			ExpressionAttributeValues: { ":now": Math.floor(Date.now() / 1000) },
		},
	});
	const caseItem = (kase: Case) => ({ ...caseKey(kase.caseId), kind: "case", ...indexAttributes(kase), ...kase });
	const eventItem = (event: CaseEvent) => ({ ...eventKey(event.caseId, event.seq), kind: "event", ...event });
	/** Outbox items: written with the change that causes them, delivered by `sendSms` from the stream. */
	const smsItems = (kase: Case, seq: number, drafts: SmsDraft[]): TransactItem[] =>
		drafts.map((d, n) => ({
			Put: {
				TableName: table,
				Item: {
					...smsKey(kase.caseId, seq, n),
					kind: "sms",
					caseId: kase.caseId,
					phone: kase.petitioner.phone,
					...d,
					status: "pending",
					createdAt: nowIso(),
					attempts: 0,
				},
				ConditionExpression: "attribute_not_exists(pk)",
			},
		}));
	// A step whose case's execution may not have been started is in the byAssignee index under
	// AWAITING_START, by real time of the write (the reconciler leaves young ones to their registration);
	// attaching a token takes it out.
	const taskItem = (task: PendingTask) => ({
		...taskKey(task.caseId),
		kind: "task",
		...task,
		...(task.awaitingStart ? { gsi1pk: AWAITING_START, gsi1sk: `${new Date().toISOString()}#${task.caseId}` } : {}),
	});
	// A pending outcome is in the byAssignee index under its own partition, where the reconciler finds it.
	const outcomeItem = (o: StepOutcome) => ({
		...outcomeKey(o.caseId, o.seq),
		kind: "outcome",
		...o,
		...(o.pending ? { gsi1pk: PENDING_HANDOVER, gsi1sk: `${o.at}#${o.caseId}#${o.seq}` } : {}),
	});

	/** A step's token written, if the step is still open under that number; it leaves the AWAITING_START queue. */
	const tokenAttach = ({ caseId, seq, token }: { caseId: string; seq: number; token: string }) => ({
		TableName: table,
		Key: taskKey(caseId),
		UpdateExpression: "SET #tok = :tok REMOVE awaitingStart, gsi1pk, gsi1sk",
		ConditionExpression: "#seq = :seq AND #s = :open",
		ExpressionAttributeNames: { "#tok": "token", "#seq": "seq", "#s": "status" },
		ExpressionAttributeValues: { ":tok": token, ":seq": seq, ":open": "open" },
	});

	/** One transaction, with the submission's idempotency record last; its key already taken → SubmissionKeyTaken. */
	async function sendWithRecord(items: TransactItem[], record?: SubmissionRecord): Promise<void> {
		try {
			await doc.send(new TransactWriteCommand({ TransactItems: record ? [...items, recordItem(record)] : items }));
		} catch (err) {
			if (
				record &&
				err instanceof TransactionCanceledException &&
				err.CancellationReasons?.[items.length]?.Code === "ConditionalCheckFailed"
			)
				throw new SubmissionKeyTaken();
			throw err;
		}
	}

	async function transact(items: TransactItem[], record?: SubmissionRecord): Promise<void> {
		try {
			await sendWithRecord(items, record);
		} catch (err) {
			// A condition failed, or another transaction held one of the items: either way the caller
			// reads again and decides (the write had no effect).
			if (
				err instanceof TransactionCanceledException &&
				err.CancellationReasons?.some((r) => r.Code === "ConditionalCheckFailed" || r.Code === "TransactionConflict")
			)
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
		if (task) {
			const { seq, token, outcome, next: step } = task.advance;
			// The step being ended must still be open under the number (and token) the writer saw.
			const tokenCheck =
				token === undefined ? "" : token === null ? " AND attribute_not_exists(#tok)" : " AND #tok = :tok";
			items.push({
				Put: {
					TableName: table,
					Item: taskItem(step),
					ConditionExpression: `(#seq = :seq OR (attribute_not_exists(#seq) AND :seq = :zero)) AND #s = :open${tokenCheck}`,
					ExpressionAttributeNames: {
						"#seq": "seq",
						"#s": "status",
						...(token === undefined ? {} : { "#tok": "token" }),
					},
					ExpressionAttributeValues: {
						":seq": seq,
						":zero": 0,
						":open": "open",
						...(typeof token === "string" ? { ":tok": token } : {}),
					},
				},
			});
			items.push({
				Put: { TableName: table, Item: outcomeItem(outcome), ConditionExpression: "attribute_not_exists(pk)" },
			});
		}
		return { next, items };
	}

	return {
		async create(kase, events, task, outbox = [], record) {
			const items: TransactItem[] = [
				{ Put: { TableName: table, Item: caseItem(kase), ConditionExpression: "attribute_not_exists(pk)" } },
				...events.map((e) => ({
					Put: { TableName: table, Item: eventItem(e), ConditionExpression: "attribute_not_exists(pk)" },
				})),
				{ Put: { TableName: table, Item: taskItem(task), ConditionExpression: "attribute_not_exists(pk)" } },
				{
					Put: {
						TableName: table,
						Item: { ...personKey(kase.petitioner.idNumber, kase.caseId), kind: "person", caseId: kase.caseId },
					},
				},
				...smsItems(kase, events[0]?.seq ?? 1, outbox),
			];
			await sendWithRecord(items, record);
		},

		async submission(id) {
			const out = await doc.send(new GetCommand({ TableName: submissionsTable(), Key: { id }, ConsistentRead: true }));
			if (!out.Item) return undefined;
			const record = submissionRecordSchema.parse(out.Item);
			// TTL deletion lags; an expired record is gone as far as callers are concerned.
			return record.expiration * 1000 > Date.now() ? record : undefined;
		},

		async awaitingStart(limit, writtenBefore) {
			const found = await doc.send(
				new QueryCommand({
					TableName: table,
					IndexName: "byAssignee",
					KeyConditionExpression: "gsi1pk = :p AND gsi1sk < :before",
					ExpressionAttributeValues: { ":p": AWAITING_START, ":before": new Date(writtenBefore).toISOString() },
					Limit: limit,
				}),
			);
			return (found.Items ?? []).map((item) => String(item.pk).slice("CASE#".length));
		},

		async startConfirmed(caseId) {
			try {
				await doc.send(
					new UpdateCommand({
						TableName: table,
						Key: taskKey(caseId),
						UpdateExpression: "REMOVE awaitingStart, gsi1pk, gsi1sk",
						ConditionExpression: "attribute_exists(awaitingStart)",
					}),
				);
			} catch (err) {
				if (!(err instanceof ConditionalCheckFailedException)) throw err;
			}
		},

		async attachToken(caseId, seq, token) {
			const attach = tokenAttach({ caseId, seq, token });
			if (seq > 1) {
				// The step before ended with an outcome the workflow now has: no longer the reconciler's.
				try {
					await doc.send(
						new TransactWriteCommand({
							TransactItems: [
								{ Update: attach },
								{
									Update: {
										TableName: table,
										Key: outcomeKey(caseId, seq - 1),
										UpdateExpression: "SET pending = :no REMOVE gsi1pk, gsi1sk",
										ConditionExpression: "attribute_exists(pk)",
										ExpressionAttributeValues: { ":no": false },
									},
								},
							],
						}),
					);
					return true;
				} catch (err) {
					if (!(err instanceof TransactionCanceledException)) throw err;
					if (err.CancellationReasons?.[0]?.Code === "ConditionalCheckFailed") return false;
					// No outcome of the step before (records from before steps were numbered), or a conflict: the token alone.
				}
			}
			try {
				await doc.send(new UpdateCommand(attach));
				return true;
			} catch (err) {
				if (err instanceof ConditionalCheckFailedException) return false;
				throw err;
			}
		},

		async outcome(caseId, seq) {
			const out = await doc.send(
				new GetCommand({ TableName: table, Key: outcomeKey(caseId, seq), ConsistentRead: true }),
			);
			return out.Item ? outcomeFromItem(out.Item) : undefined;
		},

		async stepState(caseId, seq) {
			const [state] = await this.stepStates([{ caseId, seq }]);
			return state ?? {};
		},

		async stepStates(steps) {
			const keysOf = ({ caseId, seq }: { caseId: string; seq: number }) => [
				caseKey(caseId),
				taskKey(caseId),
				outcomeKey(caseId, seq),
			];
			const items = new Map<string, Record<string, unknown>>();
			const id = (k: { pk: unknown; sk: unknown }) => `${k.pk}\u0000${k.sk}`;
			// BatchGetItem reads up to 100 keys: 33 steps a request, the requests side by side.
			const chunks: Record<string, unknown>[][] = [];
			for (let i = 0; i < steps.length; i += 33) chunks.push(steps.slice(i, i + 33).flatMap(keysOf));
			await Promise.all(
				chunks.map(async (keys) => {
					let wanted: Record<string, unknown>[] | undefined = keys;
					for (let round = 0; wanted?.length; round++) {
						if (round >= 10) throw new Error("stepStates: keys still unprocessed after 10 rounds");
						if (round > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** round)); // throttled: back off
						const r = await doc.send(
							new BatchGetCommand({ RequestItems: { [table]: { Keys: wanted, ConsistentRead: true } } }),
						);
						for (const item of r.Responses?.[table] ?? []) items.set(id(item as { pk: unknown; sk: unknown }), item);
						wanted = r.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined;
					}
				}),
			);
			return steps.map((step) => {
				const [kase, task, outcome] = keysOf(step).map((k) => items.get(id(k)));
				return {
					...(kase ? { kase: caseFromItem(kase) } : {}),
					...(task ? { task: pendingTaskSchema.parse(withoutItemKeys(task)) } : {}),
					...(outcome ? { outcome: outcomeFromItem(outcome) } : {}),
				};
			});
		},

		async attachTokens(steps) {
			const alone = async (s: (typeof steps)[number]): Promise<boolean> => {
				if (!s.previousSettled || s.seq <= 1) return this.attachToken(s.caseId, s.seq, s.token);
				try {
					await doc.send(new UpdateCommand(tokenAttach(s)));
					return true;
				} catch (err) {
					if (err instanceof ConditionalCheckFailedException) return false;
					throw err;
				}
			};
			if (steps.length <= 1 || steps.some((s) => s.seq <= 1) || new Set(steps.map((s) => s.caseId)).size < steps.length)
				return Promise.all(steps.map(alone));
			// Each as attachToken writes it for a step after the first: the token, and the step before's
			// outcome marked handed over — unless that outcome was never pending (a timer's).
			const items: TransactItem[] = steps.flatMap((s) => [
				{ Update: tokenAttach(s) },
				...(s.previousSettled
					? []
					: [
							{
								Update: {
									TableName: table,
									Key: outcomeKey(s.caseId, s.seq - 1),
									UpdateExpression: "SET pending = :no REMOVE gsi1pk, gsi1sk",
									ConditionExpression: "attribute_exists(pk)",
									ExpressionAttributeValues: { ":no": false },
								},
							},
						]),
			]);
			try {
				await doc.send(new TransactWriteCommand({ TransactItems: items }));
				return steps.map(() => true);
			} catch (err) {
				if (!(err instanceof TransactionCanceledException)) throw err;
				// A step not open any more, an outcome missing, a conflict: each alone decides.
				return Promise.all(steps.map(alone));
			}
		},

		async setOutcomeToken(caseId, seq, token) {
			await doc.send(
				new UpdateCommand({
					TableName: table,
					Key: outcomeKey(caseId, seq),
					UpdateExpression: "SET #tok = :tok",
					ConditionExpression: "attribute_exists(pk)",
					ExpressionAttributeNames: { "#tok": "token" },
					ExpressionAttributeValues: { ":tok": token },
				}),
			);
		},

		async outcomeHandedOver(caseId, seq) {
			await doc.send(
				new UpdateCommand({
					TableName: table,
					Key: outcomeKey(caseId, seq),
					UpdateExpression: "SET pending = :no REMOVE gsi1pk, gsi1sk",
					ConditionExpression: "attribute_exists(pk)",
					ExpressionAttributeValues: { ":no": false },
				}),
			);
		},

		async pendingOutcomes(limit) {
			// The index holds queue rows only: it gives the keys, the items are read whole.
			const found = await doc.send(
				new QueryCommand({
					TableName: table,
					IndexName: "byAssignee",
					KeyConditionExpression: "gsi1pk = :p",
					ExpressionAttributeValues: { ":p": PENDING_HANDOVER },
					Limit: limit,
				}),
			);
			const out: StepOutcome[] = [];
			for (const item of found.Items ?? []) {
				const got = await doc.send(
					new GetCommand({ TableName: table, Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true }),
				);
				if (got.Item?.pending) out.push(outcomeFromItem(got.Item));
			}
			return out;
		},

		async get(caseId) {
			const out = await doc.send(new GetCommand({ TableName: table, Key: caseKey(caseId), ConsistentRead: true }));
			return out.Item ? caseFromItem(out.Item) : undefined;
		},

		async getWithTask(caseId) {
			const out = await doc.send(
				new BatchGetCommand({
					RequestItems: { [table]: { Keys: [caseKey(caseId), taskKey(caseId)], ConsistentRead: true } },
				}),
			);
			let items = out.Responses?.[table] ?? [];
			// Unprocessed keys (throttling): read them one by one.
			if (out.UnprocessedKeys?.[table]?.Keys?.length) {
				const [kase, task] = await Promise.all([
					doc.send(new GetCommand({ TableName: table, Key: caseKey(caseId), ConsistentRead: true })),
					doc.send(new GetCommand({ TableName: table, Key: taskKey(caseId), ConsistentRead: true })),
				]);
				items = [kase.Item, task.Item].filter((i): i is Record<string, unknown> => i !== undefined);
			}
			const kase = items.find((i) => i.sk === "CASE");
			const task = items.find((i) => i.sk === "TASK");
			return {
				...(kase ? { kase: caseFromItem(kase) } : {}),
				...(task ? { task: pendingTaskSchema.parse(withoutItemKeys(task)) } : {}),
			};
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
			await transact(items, change.record);
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
					const r = await doc.send(
						new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
					);
					out.push(...(r.Responses?.[table] ?? []).map(caseFromItem));
					keys = r.UnprocessedKeys?.[table]?.Keys as Record<string, unknown>[] | undefined;
				}
			}
			return out;
		},
	};
}
