/**
 * The local event source mappings side by side: each stream consumer reads the stream on its own, so
 * one that is behind — its reads keep coming back full while writes go on — does not hold back
 * another. (Before, the poller served its consumers one after another, and a slow SMS sender under
 * a steady write load kept the counters from moving for a whole simulated year.)
 */
import { BatchWriteItemCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableName } from "#shared/aws/clients.ts";
import { casesTable } from "#shared/specs/tables.ts";
import { startStreamPoller } from "#local/stream-poller.ts";
import type { LocalSystem } from "#local/system.ts";
import { startTestSystem } from "../support/system.ts";

let system: LocalSystem;
let raw: DynamoDBClient;
beforeAll(async () => {
	system = await startTestSystem();
	// The records below are not real events or messages: only this test's poller may read them.
	await system.poller.stop();
	raw = new DynamoDBClient({ endpoint: system.dynamodbEndpoint });
}, 60_000);
afterAll(async () => {
	raw.destroy();
	await system.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes `n` stream records to the cases table: every third an SMS, the rest events. */
let written = 0;
async function write(n: number): Promise<void> {
	for (let done = 0; done < n; done += 25) {
		const items = Array.from({ length: 25 }, () => {
			const i = written++;
			return {
				PutRequest: { Item: { pk: { S: `FAIRNESS#${i}` }, sk: { S: "x" }, kind: { S: i % 3 ? "event" : "sms" } } },
			};
		});
		await raw.send(new BatchWriteItemCommand({ RequestItems: { [tableName(casesTable)]: items } }));
	}
}

describe("stream consumers side by side", () => {
	it("a consumer that is behind does not stop another from receiving what is written", {
		timeout: 60_000,
	}, async () => {
		// Prepare: a backlog, a slow SMS sender, and writes that keep coming.
		await write(3000);
		const eventsAt: number[] = [];
		const poller = startStreamPoller({
			endpoint: system.dynamodbEndpoint,
			invoke: async (name, event) => {
				if (name === "sendSms") await sleep(100);
				else eventsAt.push(...event.Records.map(() => performance.now()));
				return { batchItemFailures: [] };
			},
		});
		let writing = true;
		const writer = (async () => {
			while (writing) await write(250);
		})();

		// Act: four seconds of writes while the poller runs.
		const start = performance.now();
		await sleep(4000);
		const stoppedAt = performance.now();
		writing = false;
		await writer;
		await poller.stop();

		// Assess: the events kept arriving during the last two seconds of writing.
		const late = eventsAt.filter((t) => t > start + 2000 && t <= stoppedAt);
		expect(eventsAt.length).toBeGreaterThan(2000);
		expect(late.length).toBeGreaterThan(0);
	});
});
