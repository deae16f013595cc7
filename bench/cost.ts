/**
 * `npm run bench:cost`: what cases cost on AWS, from counts measured on the local home. Each lifecycle
 * path of bench/writes.ts is driven once through the HTTP API (virtual clock, DynamoDB Local in
 * memory) and counted:
 * - DynamoDB request units: every request the application's DynamoDB client sends asks for
 *   `ReturnConsumedCapacity: INDEXES` and the units DynamoDB Local reports are summed — writes (a
 *   transactional write costs twice, per KB, and each index write its own unit) and reads apart;
 * - Lambda invocations: the HTTP requests the path makes, the workflow's Task states (execution
 *   history) and one stream-consumer invocation per transaction that writes events (at low traffic
 *   each arrives in its own batch; under load batches merge, so this is an upper bound);
 * - billed state transitions (every `…StateEntered` of the execution's history).
 * Then priced per 1,000 cases at us-east-1 list prices (README, "Cost"). Usage: npm run bench:cost
 */
import { GetExecutionHistoryCommand, SFNClient } from "@aws-sdk/client-sfn";
import { dynamoDb } from "#shared/aws/clients.ts";
import { launchDynamoDbLocal } from "#local/dynamodb.ts";
import { startLocalSystem } from "#local/system.ts";
import { api } from "../test/support/api.ts";
import { lifecyclePaths } from "./lifecycle-paths.ts";

interface Tally {
	wru: number;
	rru: number;
	streamBatches: number;
	http: number;
}

/** List prices, us-east-1 (2026-11): what one unit costs in USD. */
export const prices = {
	lambdaRequest: 0.2 / 1e6,
	/** arm64, per GB-second. */
	lambdaGbSecond: 0.0000133334,
	httpApiRequest: 1.0 / 1e6,
	stateTransition: 0.025 / 1000,
	writeRequestUnit: 0.625 / 1e6,
	readRequestUnit: 0.125 / 1e6,
} as const;

/** Assumed, not measured: average billed duration of an invocation, and memory (the registry default). */
export const assumed = { durationMs: 100, memoryGb: 0.5 } as const;

const writes = new Set([
	"TransactWriteItemsCommand",
	"PutItemCommand",
	"UpdateItemCommand",
	"DeleteItemCommand",
	"BatchWriteItemCommand",
]);
const reads = new Set([
	"GetItemCommand",
	"QueryCommand",
	"BatchGetItemCommand",
	"TransactGetItemsCommand",
	"ScanCommand",
]);

const isEventItem = (item: Record<string, unknown> | undefined) => {
	const kind = item?.kind as { S?: string } | string | undefined;
	return (typeof kind === "string" ? kind : kind?.S) === "event";
};

function meter(tally: Tally): void {
	dynamoDb().middlewareStack.add(
		(next, context) => async (args) => {
			const name = context.commandName ?? "";
			if (!writes.has(name) && !reads.has(name)) return next(args);
			const input = args.input as {
				ReturnConsumedCapacity?: string;
				TransactItems?: { Put?: { Item?: Record<string, unknown> } }[];
			};
			input.ReturnConsumedCapacity = "INDEXES";
			if (name === "TransactWriteItemsCommand" && input.TransactItems?.some((t) => isEventItem(t.Put?.Item)))
				tally.streamBatches++;
			const out = await next(args);
			const consumed = (out.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] })
				.ConsumedCapacity;
			const units = [consumed ?? []].flat().reduce((n, c) => n + (c.CapacityUnits ?? 0), 0);
			if (writes.has(name)) tally.wru += units;
			else tally.rru += units;
			return out;
		},
		{ step: "initialize", name: "meterCapacity" },
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
	const tally: Tally = { wru: 0, rru: 0, streamBatches: 0, http: 0 };
	meter(tally);
	const sfn = new SFNClient({
		endpoint: `${system.url}/local/sfn`,
		region: "local",
		credentials: { accessKeyId: "x", secretAccessKey: "x" },
	});

	const paths = await lifecyclePaths(api(system), () => {
		tally.http++;
	});

	const history = async (caseId: string) => {
		const arn = `${process.env.CASE_WORKFLOW_ARN?.replace(":stateMachine:", ":execution:")}:${caseId}`;
		let events: { type?: string }[] = [];
		let nextToken: string | undefined;
		do {
			const out = await sfn.send(new GetExecutionHistoryCommand({ executionArn: arn, nextToken, maxResults: 1000 }));
			events = events.concat(out.events ?? []);
			nextToken = out.nextToken;
		} while (nextToken);
		return events;
	};

	try {
		console.log(
			"| path | HTTP requests | workflow tasks | stream batches | invocations | state transitions | WRU | RRU | USD per 1,000 cases |",
		);
		console.log("|---|---|---|---|---|---|---|---|---|");
		for (const [name, drive] of paths) {
			await system.poller.drain();
			Object.assign(tally, { wru: 0, rru: 0, streamBatches: 0, http: 0 });
			const caseId = await drive();
			await system.virtual?.settle();
			await system.poller.drain();
			const events = await history(caseId);
			const transitions = events.filter((e) => e.type?.endsWith("StateEntered")).length;
			const tasks = events.filter((e) => e.type === "TaskScheduled" || e.type === "LambdaFunctionScheduled").length;
			const invocations = tally.http + tasks + tally.streamBatches;
			const usd =
				1000 *
				(invocations * (prices.lambdaRequest + (assumed.durationMs / 1000) * assumed.memoryGb * prices.lambdaGbSecond) +
					tally.http * prices.httpApiRequest +
					transitions * prices.stateTransition +
					tally.wru * prices.writeRequestUnit +
					tally.rru * prices.readRequestUnit);
			console.log(
				`| ${name} | ${tally.http} | ${tasks} | ${tally.streamBatches} | ${invocations} | ${transitions} | ${tally.wru} | ${tally.rru} | ${usd.toFixed(3)} |`,
			);
		}
	} finally {
		sfn.destroy();
		await system.stop();
		await db.stop();
	}
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
