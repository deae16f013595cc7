/**
 * The cases table's indexes hold only what the queues read (shared/specs/tables.ts): a queue row comes
 * straight from the index, so the projection must cover the summary and carry nothing more — no
 * complaint text, no query-code hash, no documents.
 */
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentClient, tableName } from "#shared/aws/clients.ts";
import { caseDeps } from "#shared/aws/deps.ts";
import { registerCase } from "#shared/cases/register.ts";
import { petitionSchema } from "#shared/domain/petition.ts";
import { caseSummaryAttributes, casesTable } from "#shared/specs/tables.ts";
import { caseSummaryFromItem } from "#shared/store/case-queries.ts";
import { indexAttributes } from "#shared/store/case-keys.ts";
import type { LocalSystem } from "#local/system.ts";
import { samplePetition, startTestSystem } from "../support/system.ts";

let system: LocalSystem;
beforeAll(async () => {
	system = await startTestSystem();
});
afterAll(() => system.stop());

describe("index projections", () => {
	it.each(casesTable.indexes.map((ix) => [ix.name, ix] as const))(
		"%s holds the keys and the queue's attributes only, enough for a queue row",
		async (_, index) => {
			// Prepare
			const deps = caseDeps();
			const r = await registerCase(deps, {
				petition: petitionSchema.parse(samplePetition()),
				channel: "online",
				actorRole: "petitioner",
			});
			const kase = (await deps.store.get(r.caseId))!;
			const keys = indexAttributes(kase) as Record<string, string>;

			// Act
			const out = await documentClient().send(
				new QueryCommand({
					TableName: tableName(casesTable),
					IndexName: index.name,
					KeyConditionExpression: "#pk = :pk AND #sk = :sk",
					ExpressionAttributeNames: { "#pk": index.partition.name, "#sk": index.sort.name },
					ExpressionAttributeValues: { ":pk": keys[index.partition.name], ":sk": keys[index.sort.name] },
				}),
			);

			// Assess
			expect(out.Items).toHaveLength(1);
			const item = out.Items![0]!;
			const allowed = new Set(["pk", "sk", index.partition.name, index.sort.name, ...caseSummaryAttributes]);
			expect(Object.keys(item).filter((k) => !allowed.has(k))).toEqual([]);
			expect(item.content).toBeUndefined();
			expect(item.queryCodeHash).toBeUndefined();
			expect(caseSummaryFromItem(item)).toEqual(
				expect.objectContaining({ caseId: r.caseId, title: kase.title, petitioner: kase.petitioner }),
			);
		},
	);
});
