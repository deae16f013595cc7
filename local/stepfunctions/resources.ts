/**
 * Task resources: what a `Resource` ARN names (lambda:invoke, a plain Lambda ARN, another
 * integration; `.waitForTaskToken`), the function name in an ARN, the result shape of lambda:invoke,
 * and task tokens (which carry their execution's ARN).
 */
import { randomBytes, randomUUID } from "node:crypto";

export interface InvokeContext {
	executionArn: string;
	stateMachineArn: string;
	stateName: string;
	/** Present for `.waitForTaskToken` tasks. */
	taskToken?: string;
	/** Deadline (epoch ms, engine clock) after which the result is ignored. */
	deadline?: number;
}

/** Runs a Lambda function by name (the last part of its ARN) and returns its result. */
export type InvokeFn = (functionName: string, payload: unknown, context: InvokeContext) => Promise<unknown>;

/** A handler for another Task resource ARN (e.g. an SDK integration); gets the effective input. */
export type ResourceHandler = (parameters: unknown, context: InvokeContext) => Promise<unknown>;

export type TaskKind = "invoke" | "lambda" | "custom";

export interface ResourceInfo {
	kind: TaskKind;
	callback: boolean;
	base: string;
	/** `resourceType` of Task* events: "lambda" for lambda:invoke, else the service name. */
	type: string;
	/** `resource` of Task* events: "invoke", "invoke.waitForTaskToken", … */
	part: string;
}

const kinds = new Map<string, ResourceInfo>();

/** What a Task's `Resource` names (memoized: resources are few). */
export function taskKind(resource: string): ResourceInfo {
	let info = kinds.get(resource);
	if (!info) {
		info = parseTaskKind(resource);
		if (kinds.size > 1000) kinds.clear();
		kinds.set(resource, info);
	}
	return info;
}

function parseTaskKind(resource: string): ResourceInfo {
	const callback = resource.endsWith(".waitForTaskToken");
	const base = callback ? resource.slice(0, -".waitForTaskToken".length) : resource;
	const integration = base.startsWith("arn:aws:states:::")
		? base.slice("arn:aws:states:::".length).split(":")
		: undefined;
	const type = integration ? (integration[0] ?? "unknown") : (base.split(":")[2] ?? "unknown");
	const action = integration ? integration.slice(1).join(":") : base;
	const part = callback ? `${action}.waitForTaskToken` : action;
	if (base === "arn:aws:states:::lambda:invoke") return { kind: "invoke", callback, base, type, part };
	if (/^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:/.test(base)) return { kind: "lambda", callback, base, type, part };
	return { kind: "custom", callback, base, type, part };
}

/** Name of the function in a FunctionName / Lambda ARN: "arn:…:function:openTask[:alias]" or "openTask". */
export function functionNameOf(nameOrArn: string): string {
	const ix = nameOrArn.indexOf(":function:");
	const rest = ix >= 0 ? nameOrArn.slice(ix + ":function:".length) : nameOrArn;
	return rest.split(":")[0] ?? rest;
}

/** The result of `arn:aws:states:::lambda:invoke`: the payload wrapped as the Lambda API answers. */
export function lambdaInvokeResult(payload: unknown): Record<string, unknown> {
	const requestId = randomUUID();
	const date = new Date().toUTCString();
	const size = String(JSON.stringify(payload ?? null).length);
	return {
		ExecutedVersion: "$LATEST",
		Payload: payload,
		SdkHttpMetadata: {
			AllHttpHeaders: {
				"X-Amz-Executed-Version": ["$LATEST"],
				"x-amzn-Remapped-Content-Length": ["0"],
				Connection: ["keep-alive"],
				"x-amzn-RequestId": [requestId],
				"Content-Length": [size],
				Date: [date],
				"Content-Type": ["application/json"],
			},
			HttpHeaders: {
				Connection: "keep-alive",
				"Content-Length": size,
				"Content-Type": "application/json",
				Date: date,
				"X-Amz-Executed-Version": "$LATEST",
				"x-amzn-Remapped-Content-Length": "0",
				"x-amzn-RequestId": requestId,
			},
			HttpStatusCode: 200,
		},
		SdkResponseMetadata: { RequestId: requestId },
		StatusCode: 200,
	};
}

/** Task tokens carry their execution ARN so a token finds its execution without an index. */
export function makeToken(executionArn: string): string {
	return `${Buffer.from(executionArn).toString("base64url")}.${randomBytes(24).toString("base64url")}`;
}

/** The execution ARN a token was made for, or undefined when it is not one of ours. */
export function executionOfToken(token: string): string | undefined {
	const dot = token.indexOf(".");
	if (dot <= 0 || dot !== token.lastIndexOf(".")) return undefined;
	const arn = Buffer.from(token.slice(0, dot), "base64url").toString("utf8");
	return arn.startsWith("arn:") ? arn : undefined;
}
