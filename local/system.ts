/**
 * The whole local home in one call: DynamoDB Local (or an endpoint already running), the tables of
 * the table spec, the embedded workflow engine with the case lifecycle, the clock, staff auth and the
 * gateway. `npm start` and the HTTP tests both use it.
 */
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { randomBytes } from "node:crypto";
import { dirname, join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { tableName, useSfnTransport } from "#shared/aws/clients.ts";
import { appTables } from "#shared/specs/tables.ts";
import { workflows } from "#shared/specs/workflows.ts";
import { setTimeSource } from "#shared/time.ts";
import { setMetricsSink } from "#shared/observability.ts";
import { createLocalAuth } from "#local/auth.ts";
import { type AdvanceableClock, type Clock, persistentVirtualClock, realClock, virtualClock } from "#local/clock.ts";
import { type DynamoDbLocal, launchDynamoDbLocal } from "#local/dynamodb.ts";
import { useLocalAws } from "#local/env.ts";
import { invokeFunction, projectRoot } from "#local/functions.ts";
import { type Gateway, startGateway } from "#local/gateway.ts";
import { clockEndpoint, streamed } from "#local/local-endpoints.ts";
import { blobEndpoint } from "#local/blob-endpoint.ts";
import { smsEndpoint } from "#local/sms-endpoint.ts";
import { type Schedules, startSchedules } from "#local/schedules.ts";
import { redirectTo, staticFiles } from "#local/static.ts";
import {
	createDynamoDbStore,
	createEngine,
	createSfnHandler,
	type Engine,
	SfnApiError,
	sfnInProcess,
} from "#local/stepfunctions/index.ts";
import { type StreamPoller, startStreamPoller } from "#local/stream-poller.ts";
import { ensureTables } from "#local/tables.ts";

export interface LocalSystemOptions {
	port?: number;
	/** Where DynamoDB Local keeps its file and the signing key lives; omitted = in memory. */
	dataDir?: string;
	/** Use a DynamoDB Local that is already running (tests share one per run). */
	dynamodbEndpoint?: string;
	/** Prefix for every table name (tests isolate themselves with one). */
	tablePrefix?: string;
	clock?: "real" | "virtual";
	/** Where a virtual clock starts (ISO time). */
	start?: string;
	/** Online submissions per address (`SUBMISSION_LIMITS`: `max/seconds,…` or `off`; default 5/60,30/86400). */
	submissionLimits?: string;
	/** Wrong query codes per address (`QUERY_CODE_ADDRESS_LIMIT`: `off` drops it; the per-case limit stays). */
	queryCodeAddressLimit?: "on" | "off";
}

export interface LocalSystem {
	readonly url: string;
	readonly dynamodbEndpoint: string;
	readonly gateway: Gateway;
	readonly engine: Engine;
	readonly clock: Clock;
	/** The virtual clock, when the system runs on one. */
	readonly virtual?: AdvanceableClock;
	/** Feeds the cases table's stream to the stats aggregator, as the Lambda event source mapping does on AWS. */
	readonly poller: StreamPoller;
	/** Scheduled functions (the hand-over reconciler), as EventBridge rules run them on AWS. */
	readonly schedules: Schedules;
	stop(): Promise<void>;
}

/** Where a data dir keeps the virtual clock's time. */
export const CLOCK_FILE = "clock.json";

const localArn = (kind: "function" | "stateMachine", name: string) =>
	kind === "function"
		? `arn:aws:lambda:local:000000000000:function:${name}`
		: `arn:aws:states:local:000000000000:stateMachine:${name}`;

/**
 * Creates the state machine, or updates it when its file changed since the data dir last saw it
 * (as `cdk deploy` would); executions already running keep the definition they started with.
 */
export async function deployWorkflow(engine: Engine, name: string, definition: string): Promise<string> {
	const roleArn = "arn:aws:iam::000000000000:role/local";
	try {
		const out = await engine.createStateMachine({ name, definition, roleArn, type: "STANDARD" });
		return out.stateMachineArn;
	} catch (err) {
		if (!(err instanceof SfnApiError && err.code === "StateMachineAlreadyExists")) throw err;
		const stateMachineArn = localArn("stateMachine", name);
		await engine.updateStateMachine({ stateMachineArn, definition, roleArn });
		return stateMachineArn;
	}
}

export async function startLocalSystem(options: LocalSystemOptions = {}): Promise<LocalSystem> {
	const db: DynamoDbLocal | undefined = options.dynamodbEndpoint
		? undefined
		: await launchDynamoDbLocal({ dataDir: options.dataDir });
	const endpoint = options.dynamodbEndpoint ?? (db as DynamoDbLocal).endpoint;
	const stops: (() => Promise<void>)[] = [async () => db?.stop()];
	const stop = async () => {
		for (const s of stops.reverse()) await s();
	};
	try {
		const start = options.start ? Date.parse(options.start) : Date.now();
		// With a data dir the virtual time is kept there: a restart goes on from where time had got to.
		const virtual =
			options.clock !== "virtual"
				? undefined
				: options.dataDir
					? persistentVirtualClock(join(options.dataDir, CLOCK_FILE), start)
					: virtualClock(start);
		const clock: Clock = virtual ?? realClock();
		setTimeSource(() => clock.now());
		// EMF metric lines go to a file in the data dir (in memory: nowhere), never the console.
		const emf = options.dataDir
			? createWriteStream(join(options.dataDir, "metrics.emf.jsonl"), { flags: "a" })
			: undefined;
		setMetricsSink(emf ? (line) => emf.write(`${line}\n`) : () => undefined);
		if (emf) stops.push(() => new Promise<void>((done) => emf.end(done)));

		useLocalAws({ dynamodb: endpoint });
		if (options.submissionLimits !== undefined) process.env.SUBMISSION_LIMITS = options.submissionLimits;
		if (options.queryCodeAddressLimit !== undefined)
			process.env.QUERY_CODE_ADDRESS_LIMIT = options.queryCodeAddressLimit;
		const prefix = options.tablePrefix ?? "";
		for (const spec of appTables) process.env[spec.envVar] = `${prefix}${spec.localName}`;
		const client = new DynamoDBClient({ endpoint });
		await ensureTables(client, appTables, tableName);
		client.destroy();

		const substitutions = Object.fromEntries(
			workflows.flatMap((w) => Object.entries(w.substitutions).map(([k, fn]) => [k, localArn("function", fn)])),
		);
		// Executions resumed at start call their functions only once the functions can reach everything
		// they need (the workflow ARN, the Step Functions endpoint on the gateway): never real AWS.
		let functionsReady: () => void = () => undefined;
		const ready = new Promise<void>((resolve) => {
			functionsReady = resolve;
		});
		const engine = createEngine({
			store: createDynamoDbStore({ prefix }),
			clock,
			invoke: async (name, payload) => {
				await ready;
				return invokeFunction(name, payload);
			},
			definitionSubstitutions: substitutions,
		});
		await engine.start();
		stops.push(() => engine.stop());
		// The handlers' SFN client reaches this engine in-process (the real client, no socket);
		// `/local/sfn` on the gateway serves every other client.
		useSfnTransport(sfnInProcess(engine));
		stops.push(async () => useSfnTransport(undefined));
		for (const w of workflows)
			process.env[w.envVar] = await deployWorkflow(engine, w.name, readFileSync(join(projectRoot, w.file), "utf8"));

		const poller = startStreamPoller({ endpoint });
		stops.push(() => poller.stop());

		const auth = await createLocalAuth({ dataDir: options.dataDir });
		// The SMS sender's handset: a file in the data dir (in memory: a temporary directory, removed at stop).
		const scratch = options.dataDir ? undefined : mkdtempSync(join(tmpdir(), "xinfang-sms-"));
		// Removed last, after everything that may still write there has stopped.
		if (scratch) stops.unshift(async () => rmSync(scratch, { recursive: true, force: true }));
		const smsFile = join(options.dataDir ?? (scratch as string), "sms", "sent.jsonl");
		process.env.SMS_OUTBOX_FILE = smsFile;
		// Evidence files: a directory in the data dir behind signed /local/blobs URLs (S3's presigned URLs on AWS).
		const evidenceDir = join(options.dataDir ?? dirname(dirname(smsFile)), "evidence");
		const blobSecret = randomBytes(32).toString("base64url");
		process.env.EVIDENCE_DIR = evidenceDir;
		process.env.LOCAL_BLOB_SECRET = blobSecret;
		const sfnHandler = createSfnHandler(engine);
		const gateway = await startGateway({
			port: options.port ?? 3000,
			authorize: auth.authorize,
			mounts: {
				"/local/sfn": streamed(sfnHandler),
				"/local/token": auth.tokenHandler,
				"/local/sms": smsEndpoint(smsFile, auth.authorize),
				"/local/blobs": blobEndpoint(evidenceDir, blobSecret),
				// Advancing also waits until the counters have caught up with what the fired timers wrote.
				"/local/clock/advance": clockEndpoint(clock, () => poller.drain()),
				// The web pages (web/); "/" is an exact-path mount, so it does not shadow the API.
				"/web": staticFiles("/web"),
				"/": redirectTo("/web/"),
			},
		});
		stops.push(() => gateway.close());
		useLocalAws({ dynamodb: endpoint, sfn: `${gateway.url}/local/sfn` });
		process.env.LOCAL_BLOB_URL = gateway.url;
		functionsReady();
		const schedules = startSchedules();
		stops.push(() => schedules.stop());
		return { url: gateway.url, dynamodbEndpoint: endpoint, gateway, engine, clock, virtual, poller, schedules, stop };
	} catch (err) {
		await stop();
		throw err;
	}
}
