/**
 * The stats pipeline on DynamoDB Local: the stream poller feeds the aggregator; after a realistic
 * mix of cases the counters equal the recount from the case records, and replayed or half-failed
 * batches of the same stream records leave them unchanged.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { DynamoDBRecord } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { handler } from "#functions/stats/aggregate-events.ts";
import { documentClient, tableName } from "#shared/aws/clients.ts";
import { casesTable, countersTable } from "#shared/specs/tables.ts";
import { readCounts } from "#shared/stats/read.ts";
import { recount } from "#shared/stats/recount.ts";
import { type StreamPoller, startStreamPoller } from "#local/stream-poller.ts";
import type { LocalSystem } from "#local/system.ts";
import { ensureTables } from "#local/tables.ts";
import { driveMixedCases } from "../support/stats-scenario.ts";
import { startTestSystem } from "../support/system.ts";

let system: LocalSystem;
let poller: StreamPoller;
const records: DynamoDBRecord[] = [];
const regionsChecked = ["431127", "431102", "431100", "430000"];

beforeAll(async () => {
	system = await startTestSystem({ clock: "virtual", start: "2024-03-01T09:00:00+08:00" });
	poller = system.poller;
	await driveMixedCases(system);
	await poller.drain();
	// Every event record of the stream, as Lambda would deliver it, for the replays below.
	const capture = startStreamPoller({
		endpoint: system.dynamodbEndpoint,
		invoke: async (name, event) => {
			if (name === "aggregateEvents") records.push(...event.Records);
			return { batchItemFailures: [] };
		},
	});
	await capture.drain();
	await capture.stop();
}, 120_000);
afterAll(async () => {
	await system.stop();
});

const doc = (): DynamoDBDocumentClient => documentClient();
const tables = () => ({ cases: tableName(casesTable), counters: tableName(countersTable) });

async function snapshot(counters = tableName(countersTable)) {
	const out: Record<string, unknown> = {};
	for (const region of regionsChecked)
		for (const period of ["2024", "2024-03", "2024-04", "2024-05", "2024-06"])
			out[`${region}#${period}`] = await readCounts(doc(), counters, region, period);
	return out;
}

/** Points the aggregator at a fresh, empty counters table (the handler reads the name from the environment). */
async function freshCounters(): Promise<string> {
	const name = `${tableName(countersTable)}_${Math.random().toString(36).slice(2, 8)}`;
	const client = new DynamoDBClient({ endpoint: system.dynamodbEndpoint });
	await ensureTables(client, [countersTable], () => name);
	client.destroy();
	return name;
}

describe("counters and the recount", () => {
	it("the poller delivered only event items, every one of them", () => {
		expect(records.length).toBeGreaterThan(40);
		expect(records.every((r) => r.dynamodb?.NewImage?.kind?.S === "event")).toBe(true);
	});

	it("after the mix, the counters of each county, the city and the province equal the recount from the cases", async () => {
		for (const region of regionsChecked) {
			const r = await recount(doc(), tables(), { region, year: 2024 });
			expect(r.differences, region).toEqual([]);
			expect(r.cases).toBeGreaterThan(0);
		}
		const lanshan = (await recount(doc(), tables(), { region: "431127", year: 2024 })).stored["431127#2024"];
		expect(lanshan).toMatchObject({
			received: 8,
			"received#channel=letter": 1,
			decided: 8,
			decidedOnTime: 7,
			transferred: 7,
			transferReturned: 1,
			rejected: 1,
			otherProcedure: 1,
			otherProcedureMediated: 1,
			replied: 5, // c4 extended, c5 late after 督办; the letter accepted late stays unreplied
			handlingOverdue: 2,
			handlingOverdueOpen: 1,
			reviews: 1,
			evaluated: 2,
			satisfied: 2,
			appealsMediated: 1,
			repeats: 1, // c5's petitioner on the same matter again
		});
		const city = (await recount(doc(), tables(), { region: "431100", year: 2024 })).stored["431100#2024"];
		expect(city).toMatchObject({ received: 10, evaluated: 3, satisfied: 2 });
	});
});

describe("exactly once", () => {
	it("the same stream records delivered twice do not change the counters", async () => {
		const before = await snapshot();
		expect((await handler({ Records: records })).batchItemFailures).toEqual([]);
		expect((await handler({ Records: records.slice(5, 30) })).batchItemFailures).toEqual([]);
		expect(await snapshot()).toEqual(before);
	});

	it("a batch that fails midway reports the failed record; its retry from there ends with the same counters", async () => {
		const reference = await snapshot();
		const table = await freshCounters();
		const previous = process.env[countersTable.envVar];
		process.env[countersTable.envVar] = table;
		try {
			const send = doc().send.bind(doc());
			let writes = 0;
			// The batch's transaction is throttled, so its events go one at a time; the 20th of those fails too.
			const spy = vi.spyOn(doc(), "send").mockImplementation(((command: unknown, ...rest: unknown[]) => {
				if (command instanceof TransactWriteCommand && (++writes === 1 || writes === 20))
					return Promise.reject(Object.assign(new Error("throttled"), { name: "ThrottlingException" }));
				return (send as (...args: unknown[]) => unknown)(command, ...rest);
			}) as never);
			const first = await handler({ Records: records });
			spy.mockRestore();
			expect(first.batchItemFailures).toHaveLength(1);
			const failedAt = records.findIndex(
				(r) => r.dynamodb?.SequenceNumber === first.batchItemFailures[0]?.itemIdentifier,
			);
			expect(failedAt).toBeGreaterThan(0);
			expect(await snapshot(table)).not.toEqual(reference);
			// Lambda retries from the failed record; the records after it that were applied are skipped by the case state.
			expect((await handler({ Records: records.slice(failedAt) })).batchItemFailures).toEqual([]);
			expect(await snapshot(table)).toEqual(reference);
		} finally {
			process.env[countersTable.envVar] = previous;
		}
	});

	it("a batch's cases are applied together: one transaction per 100 items, each counter item once", async () => {
		const reference = await snapshot();
		const table = await freshCounters();
		const previous = process.env[countersTable.envVar];
		process.env[countersTable.envVar] = table;
		try {
			const send = doc().send.bind(doc());
			const sizes: number[] = [];
			const spy = vi.spyOn(doc(), "send").mockImplementation(((command: unknown, ...rest: unknown[]) => {
				if (command instanceof TransactWriteCommand) sizes.push(command.input.TransactItems?.length ?? 0);
				return (send as (...args: unknown[]) => unknown)(command, ...rest);
			}) as never);
			expect((await handler({ Records: records })).batchItemFailures).toEqual([]);
			spy.mockRestore();
			const items = sizes.reduce((a, b) => a + b, 0);
			expect(sizes.length).toBe(Math.ceil(items / 100));
			expect(sizes.length).toBeLessThan(records.length / 5);
			expect(await snapshot(table)).toEqual(reference);
		} finally {
			process.env[countersTable.envVar] = previous;
		}
	});

	it("records that are not events are ignored, as the stream filter would drop them", async () => {
		const before = await snapshot();
		const task = {
			...records[0]!,
			dynamodb: { ...records[0]!.dynamodb, NewImage: { pk: { S: "CASE#x" }, sk: { S: "TASK" }, kind: { S: "task" } } },
		};
		const broken = {
			...records[0]!,
			dynamodb: { ...records[0]!.dynamodb, NewImage: { kind: { S: "event" }, type: { S: "nonsense" } } },
		};
		expect((await handler({ Records: [task, broken] as DynamoDBRecord[] })).batchItemFailures).toEqual([]);
		expect(await snapshot()).toEqual(before);
	});
});
