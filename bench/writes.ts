/**
 * bench/writes: what one case costs in DynamoDB writes, per lifecycle path. Each path is driven once
 * through the HTTP API of a local system (virtual clock, DynamoDB Local in memory) and every write
 * the application's DynamoDB client sends — handlers, workflow steps and the stats aggregator — is
 * counted by a middleware on that client (`meterWrites`). The embedded workflow engine's own
 * persistence is not counted: on AWS that is Step Functions, not DynamoDB.
 *
 * Prints one line per path:
 *   happy path: N transaction items, M write requests, K% counters
 * N = items inside TransactWriteItems, M = write calls (TransactWriteItems, PutItem, UpdateItem,
 * DeleteItem, BatchWriteItem), K = counter items ÷ N. Usage: npm run bench:writes
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { dynamoDb, tableName } from "#shared/aws/clients.ts";
import { countersTable } from "#shared/specs/tables.ts";
import { launchDynamoDbLocal } from "#local/dynamodb.ts";
import { startLocalSystem } from "#local/system.ts";
import { api } from "../test/support/api.ts";
import { lifecyclePaths } from "./lifecycle-paths.ts";

export interface WriteTally {
	transactionItems: number;
	writeRequests: number;
	counterItems: number;
}

const writeCommands = new Set([
	"TransactWriteItemsCommand",
	"PutItemCommand",
	"UpdateItemCommand",
	"DeleteItemCommand",
	"BatchWriteItemCommand",
]);

/** The partition key of a command's item, marshalled or not. */
const pkOf = (key: Record<string, unknown> | undefined): string | undefined => {
	const v = key?.pk as { S?: string } | string | undefined;
	return typeof v === "string" ? v : v?.S;
};

/** Counts every write `client` sends into `tally`, and says which items are counters. */
export function meterWrites(
	client: DynamoDBClient,
	tally: WriteTally,
	isCounter: (table: string, pk: string | undefined) => boolean,
): void {
	client.middlewareStack.add(
		(next, context) => async (args) => {
			if (writeCommands.has(context.commandName ?? "")) {
				tally.writeRequests++;
				const input = args.input as {
					TransactItems?: Record<
						string,
						{ TableName?: string; Key?: Record<string, unknown>; Item?: Record<string, unknown> }
					>[];
				};
				for (const item of input.TransactItems ?? []) {
					tally.transactionItems++;
					const op = Object.values(item)[0];
					if (op && isCounter(op.TableName ?? "", pkOf(op.Key ?? op.Item))) tally.counterItems++;
				}
			}
			return next(args);
		},
		{ step: "initialize", name: "meterWrites" },
	);
}

async function main() {
	const db = await launchDynamoDbLocal();
	const system = await startLocalSystem({
		submissionLimits: "off",
		port: 0,
		dynamodbEndpoint: db.endpoint,
		clock: "virtual",
		start: "2024-03-01T09:00:00+08:00",
	});
	const tally: WriteTally = { transactionItems: 0, writeRequests: 0, counterItems: 0 };
	const counters = tableName(countersTable);
	meterWrites(dynamoDb(), tally, (table, pk) => table === counters && (pk?.startsWith("C#") ?? false));

	const paths = await lifecyclePaths(api(system));

	try {
		for (const [name, drive] of paths) {
			await system.poller.drain();
			Object.assign(tally, { transactionItems: 0, writeRequests: 0, counterItems: 0 });
			await drive();
			await system.virtual?.settle();
			await system.poller.drain();
			const share = tally.transactionItems ? Math.round((100 * tally.counterItems) / tally.transactionItems) : 0;
			console.log(
				`${name}: ${tally.transactionItems} transaction items, ${tally.writeRequests} write requests, ${share}% counters`,
			);
		}
	} finally {
		await system.stop();
		await db.stop();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
