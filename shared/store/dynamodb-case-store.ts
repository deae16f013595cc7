/** CaseStore on DynamoDB: the case item and its event items share a partition; writes are transactions. */
import { type DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { CaseStore } from "#shared/cases/store.ts";
import { type Case, caseSchema } from "#shared/domain/case.ts";
import { type CaseEvent, caseEventSchema } from "#shared/domain/events.ts";
import { caseKey, EVENT_PREFIX, eventKey, indexAttributes } from "#shared/store/case-keys.ts";

function stripKeys<T>(item: Record<string, unknown>, schema: { parse(v: unknown): T }): T {
	const { pk: _pk, sk: _sk, kind: _k, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, ...rest } = item;
	return schema.parse(rest);
}

export function dynamoCaseStore(doc: DynamoDBDocumentClient, table: string): CaseStore {
	return {
		async create(kase, event) {
			await doc.send(
				new TransactWriteCommand({
					TransactItems: [
						{
							Put: {
								TableName: table,
								Item: { ...caseKey(kase.caseId), kind: "case", ...indexAttributes(kase), ...kase },
								ConditionExpression: "attribute_not_exists(pk)",
							},
						},
						{
							Put: {
								TableName: table,
								Item: { ...eventKey(kase.caseId, event.seq), kind: "event", ...event },
								ConditionExpression: "attribute_not_exists(pk)",
							},
						},
					],
				}),
			);
		},
		async get(caseId) {
			const out = await doc.send(new GetCommand({ TableName: table, Key: caseKey(caseId), ConsistentRead: true }));
			return out.Item ? stripKeys<Case>(out.Item, caseSchema) : undefined;
		},
		async events(caseId) {
			const items: Record<string, unknown>[] = [];
			let start: Record<string, unknown> | undefined;
			do {
				const out = await doc.send(
					new QueryCommand({
						TableName: table,
						KeyConditionExpression: "pk = :pk AND begins_with(sk, :evt)",
						ExpressionAttributeValues: { ":pk": caseKey(caseId).pk, ":evt": EVENT_PREFIX },
						ExclusiveStartKey: start,
						ConsistentRead: true,
					}),
				);
				items.push(...(out.Items ?? []));
				start = out.LastEvaluatedKey;
			} while (start);
			return items.map((i) => stripKeys<CaseEvent>(i, caseEventSchema));
		},
	};
}
