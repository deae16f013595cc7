/**
 * The whole local home in one call: DynamoDB Local (or an endpoint already running), the tables of
 * the table spec, and the gateway. `npm start` and the HTTP tests both use it.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { tableName } from "#shared/aws/clients.ts";
import { appTables } from "#shared/specs/tables.ts";
import { type DynamoDbLocal, launchDynamoDbLocal } from "#local/dynamodb.ts";
import { useLocalAws } from "#local/env.ts";
import { type Gateway, startGateway } from "#local/gateway.ts";
import { ensureTables } from "#local/tables.ts";

export interface LocalSystemOptions {
	port?: number;
	/** Where DynamoDB Local keeps its file; omitted = in memory. Ignored with `dynamodbEndpoint`. */
	dataDir?: string;
	/** Use a DynamoDB Local that is already running (tests share one per run). */
	dynamodbEndpoint?: string;
	/** Prefix for every table name (tests isolate themselves with one). */
	tablePrefix?: string;
	clock?: "real" | "virtual";
	/** Where a virtual clock starts (ISO time). */
	start?: string;
}

export interface LocalSystem {
	readonly url: string;
	readonly dynamodbEndpoint: string;
	readonly gateway: Gateway;
	stop(): Promise<void>;
}

export async function startLocalSystem(options: LocalSystemOptions = {}): Promise<LocalSystem> {
	const db: DynamoDbLocal | undefined = options.dynamodbEndpoint ? undefined : await launchDynamoDbLocal({ dataDir: options.dataDir });
	const endpoint = options.dynamodbEndpoint ?? (db as DynamoDbLocal).endpoint;
	try {
		useLocalAws({ dynamodb: endpoint });
		if (options.tablePrefix)
			for (const spec of appTables) process.env[spec.envVar] = `${options.tablePrefix}${spec.localName}`;
		const client = new DynamoDBClient({ endpoint });
		await ensureTables(client, appTables, tableName);
		client.destroy();
		const gateway = await startGateway({ port: options.port ?? 3000 });
		return {
			url: gateway.url,
			dynamodbEndpoint: endpoint,
			gateway,
			async stop() {
				await gateway.close();
				await db?.stop();
			},
		};
	} catch (err) {
		await db?.stop();
		throw err;
	}
}
