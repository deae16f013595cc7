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

/**
 * Loads every registry function now (`npm start` does, before it says it is listening). Loading one
 * later compiles its TypeScript on the way, in a helper process of the same process group: a terminal's
 * Ctrl-C stops that helper too, so a function first needed while the system stops (a stream batch's,
 * a resumed step's) would fail to load instead of doing its work.
 */
export async function loadAllHandlers(): Promise<void> {
	await Promise.all([
		...Object.keys(functions).map((name) => loadHandler(name as FunctionName)),
		...loadedOnDemand.map((module) => import(pathToFileURL(join(projectRoot, module)).href)),
	]);
}

/**
 * Modules a function imports only when a request needs them (to keep its cold start on Lambda short):
 * `loadAllHandlers` loads them too. test/unit/on-demand-imports.test.ts keeps the list complete.
 */
export const loadedOnDemand = ["shared/stats/report-docx.ts"] as const;

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
