import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentClient, tableName } from "#shared/aws/clients.ts";
import { caseDeps } from "#shared/aws/deps.ts";
import { registerCase } from "#shared/cases/register.ts";
import type { PendingTask } from "#shared/cases/store.ts";
import type { Case } from "#shared/domain/case.ts";
import type { CaseEvent } from "#shared/domain/events.ts";
import { newCaseId } from "#shared/domain/ids.ts";
import { petitionSchema } from "#shared/domain/petition.ts";
import { casesTable } from "#shared/specs/tables.ts";
import { dynamoCaseStore } from "#shared/store/dynamodb-case-store.ts";
import type { LocalSystem } from "#local/system.ts";
import { samplePetition, startTestSystem } from "../support/system.ts";

let system: LocalSystem;
beforeAll(async () => {
	system = await startTestSystem();
});
afterAll(() => system.stop());

const store = () => dynamoCaseStore(documentClient(), tableName(casesTable));

async function sortKeysOf(caseId: string) {
	const out = await documentClient().send(
		new QueryCommand({
			TableName: tableName(casesTable),
			KeyConditionExpression: "pk = :pk",
			ExpressionAttributeValues: { ":pk": `CASE#${caseId}` },
		}),
	);
	return (out.Items ?? []).map((i) => i.sk as string).sort();
}

describe("registering a case", () => {
	it("writes the case, its first events and its first step (acceptance, open at once) together", async () => {
		const r = await registerCase(
			{ store: store(), workflow: caseDeps().workflow },
			{ petition: petitionSchema.parse(samplePetition()), channel: "online", actorRole: "petitioner" },
		);
		const keys = await sortKeysOf(r.caseId);
		expect(keys.filter((k) => !k.startsWith("SMS#"))).toEqual(["CASE", "EVT#000001", "EVT#000002", "TASK"]);
		const events = await store().events(r.caseId);
		expect(events[0]).toEqual(
			expect.objectContaining({ type: "registered", seq: 1, region: "431127", channel: "online" }),
		);
		expect(events[1]).toEqual(expect.objectContaining({ type: "task_opened", seq: 2, taskType: "acceptance" }));
		expect(await store().task(r.caseId)).toMatchObject({
			seq: 1,
			type: "acceptance",
			status: "open",
			assignee: "INTAKE#431127",
		});
	});

	it("when the event's condition fails, the whole transaction rolls back and no case item is left", async () => {
		// Prepare: a case registered normally, and a second id whose event key is already taken.
		const s = store();
		const r = await registerCase(
			{ store: s, workflow: caseDeps().workflow },
			{ petition: petitionSchema.parse(samplePetition()), channel: "online", actorRole: "petitioner" },
		);
		const kase = (await s.get(r.caseId)) as Case;
		const event = (await s.events(r.caseId))[0] as CaseEvent;
		const clashId = newCaseId("431127", Date.now());
		await documentClient().send(
			new PutCommand({
				TableName: tableName(casesTable),
				Item: { pk: `CASE#${clashId}`, sk: "EVT#000001", kind: "event" },
			}),
		);
		// Act
		const task = (await s.task(r.caseId)) as PendingTask;
		const attempt = s.create({ ...kase, caseId: clashId }, [{ ...event, caseId: clashId }], {
			...task,
			caseId: clashId,
		});
		// Assess: refused whole; only the pre-existing item is there.
		await expect(attempt).rejects.toBeInstanceOf(TransactionCanceledException);
		expect(await sortKeysOf(clashId)).toEqual(["EVT#000001"]);
		expect(await s.get(clashId)).toBeUndefined();
	});

	it("refuses a second case under an existing id without touching the first", async () => {
		const s = store();
		const r = await registerCase(
			{ store: s, workflow: caseDeps().workflow },
			{ petition: petitionSchema.parse(samplePetition()), channel: "online", actorRole: "petitioner" },
		);
		const kase = (await s.get(r.caseId)) as Case;
		const event = (await s.events(r.caseId))[0] as CaseEvent;
		const task = (await s.task(r.caseId)) as PendingTask;
		await expect(s.create({ ...kase, title: "被覆盖" }, [{ ...event, seq: 99 }], task)).rejects.toBeInstanceOf(
			TransactionCanceledException,
		);
		expect((await s.get(r.caseId))?.title).toBe(kase.title);
		expect(await sortKeysOf(r.caseId)).not.toContain("EVT#000099");
	});
});
