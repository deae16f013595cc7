/**
 * Benchmark of the embedded Step Functions engine: state transitions per second for a Pass/Choice
 * loop and for a Task loop, 64 executions in parallel, on
 *   - the engine in memory,
 *   - the engine persisted to DynamoDB Local (launched here, in memory),
 *   - aws-local-stepfunctions (same programs, same run).
 * Run: npm run bench:engine   (ITERATIONS, PARALLEL env vars change the size)
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { StateMachine } from "aws-local-stepfunctions";
import { launchDynamoDbLocal } from "#local/dynamodb.ts";
import { createDynamoDbStore, createEngine, createMemoryStore, type EngineStore } from "#local/stepfunctions/index.ts";

const PARALLEL = Number(process.env.PARALLEL ?? 64);
const ITERATIONS = Number(process.env.ITERATIONS ?? 100);
const ROUNDS = Number(process.env.ROUNDS ?? 3);

const passLoop = {
	StartAt: "Inc",
	States: {
		Inc: { Type: "Pass", Parameters: { "n.$": "States.MathAdd($.n, 1)", "limit.$": "$.limit" }, Next: "More" },
		More: {
			Type: "Choice",
			Choices: [{ Variable: "$.n", NumericLessThanPath: "$.limit", Next: "Inc" }],
			Default: "Done",
		},
		Done: { Type: "Succeed" },
	},
};

const taskLoop = {
	StartAt: "Inc",
	States: {
		Inc: { Type: "Task", Resource: "arn:aws:lambda:us-east-1:123456789012:function:inc", Next: "More" },
		More: {
			Type: "Choice",
			Choices: [{ Variable: "$.n", NumericLessThanPath: "$.limit", Next: "Inc" }],
			Default: "Done",
		},
		Done: { Type: "Succeed" },
	},
};

const inc = async (p: unknown) => {
	const q = p as { n: number; limit: number };
	return { n: q.n + 1, limit: q.limit };
};

/** States entered per execution: Inc and More per iteration, then Done. */
const transitionsPerExecution = 2 * ITERATIONS + 1;

async function runEngine(store: EngineStore, definition: object, label: string): Promise<number> {
	const engine = createEngine({ store, invoke: (_name, payload) => inc(payload) });
	await engine.start();
	const { stateMachineArn } = await engine.createStateMachine({
		name: `${label}-${Date.now()}`,
		definition: JSON.stringify(definition),
	});
	const t0 = performance.now();
	const started = await Promise.all(
		Array.from({ length: PARALLEL }, () =>
			engine.startExecution({ stateMachineArn, input: JSON.stringify({ n: 0, limit: ITERATIONS }) }),
		),
	);
	const done = await Promise.all(started.map((s) => engine.waitForExecution(s.executionArn)));
	const ms = performance.now() - t0;
	for (const d of done)
		if (d.status !== "SUCCEEDED" || JSON.parse(d.output ?? "{}").n !== ITERATIONS)
			throw new Error(`${label}: bad result ${JSON.stringify(d)}`);
	await engine.stop();
	return (PARALLEL * transitionsPerExecution * 1000) / ms;
}

async function runPeer(definition: object): Promise<number> {
	const machine = new StateMachine(definition as never, { validationOptions: { checkArn: false } });
	const t0 = performance.now();
	const outs = await Promise.all(
		Array.from(
			{ length: PARALLEL },
			() =>
				machine.run({ n: 0, limit: ITERATIONS }, { overrides: { taskResourceLocalHandlers: { Inc: inc as never } } })
					.result,
		),
	);
	const ms = performance.now() - t0;
	for (const o of outs)
		if ((o as { n: number }).n !== ITERATIONS) throw new Error(`peer: bad result ${JSON.stringify(o)}`);
	return (PARALLEL * transitionsPerExecution * 1000) / ms;
}

async function best(fn: () => Promise<number>): Promise<number> {
	let top = 0;
	for (let i = 0; i < ROUNDS; i++) top = Math.max(top, await fn());
	return top;
}

const db = await launchDynamoDbLocal();
try {
	const client = new DynamoDBClient({
		endpoint: db.endpoint,
		region: "local",
		credentials: { accessKeyId: "local", secretAccessKey: "local" },
		maxAttempts: 5,
	});
	const persisted = () => createDynamoDbStore({ client, prefix: "bench-" });
	console.log(
		`engine bench: ${PARALLEL} executions in parallel × ${transitionsPerExecution} transitions each, best of ${ROUNDS}\n`,
	);
	const rows: [string, number, number, number][] = [];
	for (const [name, def] of [
		["Pass/Choice loop", passLoop],
		["Task loop", taskLoop],
	] as const) {
		const memory = await best(() => runEngine(createMemoryStore(), def, "mem"));
		const dynamo = await best(() => runEngine(persisted(), def, "ddb"));
		const peer = await best(() => runPeer(def));
		rows.push([name, memory, dynamo, peer]);
	}
	const f = (n: number) => Math.round(n).toLocaleString("en-US").padStart(9);
	console.log("program            | in memory | DynamoDB  | peer      | memory/peer | DynamoDB/peer | DynamoDB/memory");
	console.log("-------------------|-----------|-----------|-----------|-------------|---------------|----------------");
	for (const [name, m, d, p] of rows)
		console.log(
			`${name.padEnd(18)} | ${f(m)} | ${f(d)} | ${f(p)} | ${(m / p).toFixed(2).padStart(11)} | ${(d / p).toFixed(2).padStart(13)} | ${(d / m).toFixed(2).padStart(15)}`,
		);
	console.log("\n(transitions per second; peer = aws-local-stepfunctions, no persistence)");
	client.destroy();
} finally {
	await db.stop();
}
