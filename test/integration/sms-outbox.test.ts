/** The SMS outbox: written with the case change, delivered at least once and never twice, listed for admins with numbers masked. */
import { readFile } from "node:fs/promises";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { DynamoDBStreamEvent } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler as sendSms } from "#functions/notify/send-sms.ts";
import { documentClient, tableName } from "#shared/aws/clients.ts";
import { deliverSms, type SmsSender } from "#shared/notify/deliver.ts";
import { casesTable } from "#shared/specs/tables.ts";
import type { LocalSystem } from "#local/system.ts";
import { api } from "../support/api.ts";
import { startTestSystem } from "../support/system.ts";

let system: LocalSystem;
let a: ReturnType<typeof api>;

beforeAll(async () => {
	system = await startTestSystem({ clock: "virtual" });
	a = api(system);
});
afterAll(async () => {
	await system?.stop();
});

const file = () => process.env.SMS_OUTBOX_FILE as string;
const sentLines = async () =>
	(await readFile(file(), "utf8").catch(() => ""))
		.split("\n")
		.filter(Boolean)
		.map((l) => JSON.parse(l) as { to: string; text: string; key: string });
const outboxOf = async (caseId: string) =>
	(
		await documentClient().send(
			new QueryCommand({
				TableName: tableName(casesTable),
				KeyConditionExpression: "pk = :pk AND begins_with(sk, :sms)",
				ExpressionAttributeValues: { ":pk": `CASE#${caseId}`, ":sms": "SMS#" },
				ConsistentRead: true,
			}),
		)
	).Items ?? [];

describe("SMS outbox", () => {
	it("sends the query code at registration and a line for each notice, and marks each sent", async () => {
		const { caseId, queryCode } = await a.submit({
			petitioner: { name: "吴十", idNumber: "431127198001010028", phone: "13912345678" },
		});
		const intake = await a.token("intake", "431127");
		expect((await a.act(intake, caseId, { type: "accept", category: "appeal", unit: "431127-housing" })).status).toBe(
			200,
		);
		await system.poller.drain();
		const mine = (await sentLines()).filter((m) => m.key.includes(caseId));
		expect(mine.map((m) => m.to)).toEqual(["13912345678", "13912345678"]);
		expect(mine[0]?.text).toContain(`查询码${queryCode}`);
		expect(mine[0]?.text).toContain(caseId);
		expect(mine[1]?.text).toContain("《蓝山县信访事项受理告知书》");
		const items = await outboxOf(caseId);
		expect(items.map((i) => i.status)).toEqual(["sent", "sent"]);
		// Once delivered, the query code is no longer kept at rest: only the masked text stays.
		expect(items[0]).not.toHaveProperty("text");
		expect(items[0]?.masked).toContain("查询码**********");
	});

	it("a redelivered stream record does not send again", async () => {
		const { caseId } = await a.submit();
		await system.poller.drain();
		const before = (await sentLines()).length;
		const [item] = await outboxOf(caseId);
		const record = {
			dynamodb: {
				SequenceNumber: "1",
				NewImage: { kind: { S: "sms" }, status: { S: "pending" }, pk: { S: item?.pk }, sk: { S: item?.sk } },
			},
		};
		expect(await sendSms({ Records: [record, record] } as unknown as DynamoDBStreamEvent)).toEqual({
			batchItemFailures: [],
		});
		expect((await sentLines()).length).toBe(before);
	});

	it("a failed send leaves the message pending and is retried until it goes out once", async () => {
		const { caseId } = await a.submit();
		await system.poller.drain();
		const doc = documentClient();
		const table = tableName(casesTable);
		const [item] = await outboxOf(caseId);
		const key = { pk: String(item?.pk), sk: String(item?.sk) };
		// Put it back to pending as if the first delivery had failed before marking it.
		const { UpdateCommand } = await import("@aws-sdk/lib-dynamodb");
		await doc.send(
			new UpdateCommand({
				TableName: table,
				Key: key,
				UpdateExpression: "SET #s = :p, #t = :t",
				ExpressionAttributeNames: { "#s": "status", "#t": "text" },
				ExpressionAttributeValues: { ":p": "pending", ":t": "测试短信" },
			}),
		);
		const sent: string[] = [];
		const failing: SmsSender = { send: async () => Promise.reject(new Error("throttled")) };
		const working: SmsSender = {
			send: async ({ text }) => {
				sent.push(text);
				return { messageId: `m${sent.length}` };
			},
		};
		await expect(deliverSms(doc, table, failing, key)).rejects.toThrow("throttled");
		expect((await outboxOf(caseId))[0]?.status).toBe("pending");
		expect(await deliverSms(doc, table, working, key)).toBe("sent");
		expect(await deliverSms(doc, table, working, key)).toBe("already-sent");
		expect(sent).toEqual(["测试短信"]);
		expect((await outboxOf(caseId))[0]).toMatchObject({ status: "sent", messageId: "m1" });
	});

	it("lists sent messages to admins only, numbers masked and query codes hidden", async () => {
		const admin = await a.token("admin", "431100");
		const intake = await a.token("intake", "431127");
		const list = await fetch(`${system.url}/local/sms`, { headers: { authorization: `Bearer ${admin}` } });
		expect(list.status).toBe(200);
		const body = (await list.json()) as { items: { to: string; text: string }[] };
		expect(body.items.length).toBeGreaterThan(0);
		expect(body.items.every((m) => /^1\d{2}\*{4}\d{4}$/.test(m.to))).toBe(true);
		expect(JSON.stringify(body)).not.toMatch(/查询码[0-9A-Z]{10}/);
		expect((await fetch(`${system.url}/local/sms`, { headers: { authorization: `Bearer ${intake}` } })).status).toBe(
			403,
		);
		expect((await fetch(`${system.url}/local/sms`)).status).toBe(401);
	});
});
