/**
 * Child process for the durability test: an engine on DynamoDB Local (AWS_ENDPOINT_URL_DYNAMODB,
 * tables under SFN_PREFIX) served over HTTP on a free port, real clock. It reports on stdout, one
 * JSON object a line: {url} once ready, {invoked, payload, token?} for each function call.
 * HANG=<function> makes that function never answer (a task in flight at the crash).
 * It exits when its stdin closes (the parent is gone).
 */
import { createDynamoDbStore, createEngine, startSfnServer } from "#local/stepfunctions/index.ts";

const say = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);

const engine = createEngine({
	store: createDynamoDbStore({ prefix: process.env.SFN_PREFIX ?? "durability-" }),
	invoke: async (name, payload, ctx) => {
		say({ invoked: name, payload, ...(ctx.taskToken ? { token: ctx.taskToken } : {}) });
		if (process.env.HANG === name) return new Promise(() => undefined);
		if (name === "work") return { worked: true, pid: process.pid };
		return { submitted: true };
	},
});
await engine.start();
const server = await startSfnServer({ engine, port: 0 });
say({ url: server.url, pid: process.pid });

process.stdin.resume();
process.stdin.on("close", () => process.exit(0));
