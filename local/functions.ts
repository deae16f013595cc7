/** In-process Lambda functions: the registry's modules, loaded once, called with a Lambda-like context. */
import { randomUUID } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Context } from "aws-lambda";
import { type FunctionName, functions } from "#shared/specs/functions.ts";

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), "..");

export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

const loaded = new Map<string, Promise<LambdaHandler>>();

function isFunctionName(name: string): name is FunctionName {
	return Object.hasOwn(functions, name);
}

export function loadHandler(name: FunctionName): Promise<LambdaHandler> {
	let p = loaded.get(name);
	if (!p) {
		const spec = functions[name];
		p = import(pathToFileURL(join(projectRoot, spec.module)).href).then((m: { handler?: LambdaHandler }) => {
			if (typeof m.handler !== "function") throw new Error(`${spec.module} does not export a handler`);
			return m.handler;
		});
		loaded.set(name, p);
	}
	return p;
}

export function lambdaContext(name: string, timeoutMs = 30_000): Context {
	const deadline = Date.now() + timeoutMs;
	return {
		callbackWaitsForEmptyEventLoop: false,
		functionName: name,
		functionVersion: "$LATEST",
		invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
		memoryLimitInMB: "256",
		awsRequestId: randomUUID(),
		logGroupName: `/aws/lambda/${name}`,
		logStreamName: "local",
		getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
		done: () => undefined,
		fail: () => undefined,
		succeed: () => undefined,
	};
}

/** Invokes a registered function by name, as the workflow engine does for Task states. */
export async function invokeFunction(name: string, payload: unknown): Promise<unknown> {
	if (!isFunctionName(name)) {
		const err = new Error(`Function not found: ${name}`);
		err.name = "ResourceNotFoundException";
		throw err;
	}
	const handler = await loadHandler(name);
	return handler(payload, lambdaContext(name));
}
