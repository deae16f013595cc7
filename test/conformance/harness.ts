/**
 * Test harness for the embedded engine: an engine on the run's shared DynamoDB Local (tables under
 * a unique prefix) or in memory, served over HTTP, with a real @aws-sdk/client-sfn client.
 */
import { randomUUID } from "node:crypto";
import { SFNClient } from "@aws-sdk/client-sfn";
import { type AdvanceableClock, virtualClock } from "#local/clock.ts";
import {
	createDynamoDbStore,
	createEngine,
	createMemoryStore,
	type Engine,
	type EngineStore,
	type InvokeFn,
	type SfnServer,
	startSfnServer,
} from "#local/stepfunctions/index.ts";

export interface TestEngine {
	engine: Engine;
	server: SfnServer;
	sfn: SFNClient;
	clock: AdvanceableClock;
	store: EngineStore;
	prefix: string;
	close(): Promise<void>;
}

export function uniquePrefix(): string {
	return `t${randomUUID().slice(0, 8)}-`;
}

export function sfnClient(endpoint: string): SFNClient {
	return new SFNClient({
		endpoint,
		region: "local",
		credentials: { accessKeyId: "local", secretAccessKey: "local" },
		maxAttempts: 1,
	});
}

export async function startTestEngine(options: {
	invoke?: InvokeFn;
	store?: "dynamodb" | "memory";
	clock?: AdvanceableClock;
	prefix?: string;
	substitutions?: Record<string, string>;
}): Promise<TestEngine> {
	const clock = options.clock ?? virtualClock(Date.parse("2025-01-01T00:00:00.000Z"));
	const prefix = options.prefix ?? uniquePrefix();
	const store = options.store === "memory" ? createMemoryStore() : createDynamoDbStore({ prefix });
	const engine = createEngine({
		store,
		clock,
		...(options.invoke ? { invoke: options.invoke } : {}),
		...(options.substitutions ? { definitionSubstitutions: options.substitutions } : {}),
	});
	await engine.start();
	const server = await startSfnServer({ engine, port: 0 });
	const sfn = sfnClient(server.url);
	return {
		engine,
		server,
		sfn,
		clock,
		store,
		prefix,
		async close() {
			sfn.destroy();
			await server.close();
			await engine.stop();
		},
	};
}
