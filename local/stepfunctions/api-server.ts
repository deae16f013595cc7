/**
 * The Step Functions API over HTTP: AWS JSON 1.0 (`X-Amz-Target: AWSStepFunctions.<Op>`), so
 * `@aws-sdk/client-sfn` pointed at it (endpoint option or AWS_ENDPOINT_URL_SFN) works unchanged.
 * Errors use AWS's wire shape (`{"__type": "...#InvalidToken", "message": ...}`, status 400), so
 * the SDK raises its own exception classes. Timestamps go out as epoch seconds.
 */
import { listen } from "#local/listen.ts";
import { logLocalError } from "#local/log.ts";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { ApiInput, ApiOutput, SfnOperation } from "./api-types.ts";
import type { Engine } from "./engine.ts";
import { SfnApiError } from "./errors.ts";

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** Every operation and the engine method that serves it, checked against the SDK's input and output types. */
const OPERATIONS: { [Op in SfnOperation]: (engine: Engine, input: ApiInput<Op>) => Promise<ApiOutput<Op>> } = {
	CreateStateMachine: (e, i) => e.createStateMachine(i),
	UpdateStateMachine: (e, i) => e.updateStateMachine(i),
	DescribeStateMachine: (e, i) => e.describeStateMachine(i),
	DescribeStateMachineForExecution: (e, i) => e.describeStateMachineForExecution(i),
	ListStateMachines: (e, i) => e.listStateMachines(i),
	DeleteStateMachine: (e, i) => e.deleteStateMachine(i),
	StartExecution: (e, i) => e.startExecution(i),
	DescribeExecution: (e, i) => e.describeExecution(i),
	ListExecutions: (e, i) => e.listExecutions(i),
	StopExecution: (e, i) => e.stopExecution(i),
	GetExecutionHistory: (e, i) => e.getExecutionHistory(i),
	SendTaskSuccess: (e, i) => e.sendTaskSuccess(i),
	SendTaskFailure: (e, i) => e.sendTaskFailure(i),
	SendTaskHeartbeat: (e, i) => e.sendTaskHeartbeat(i),
};

const isOperation = (name: string): name is SfnOperation => Object.hasOwn(OPERATIONS, name);

function run<Op extends SfnOperation>(engine: Engine, op: Op, input: ApiInput<Op>): Promise<ApiOutput<Op>> {
	return OPERATIONS[op](engine, input);
}

export const supportedOperations: readonly string[] = Object.keys(OPERATIONS);

function toWire(value: unknown): string {
	return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
		const raw = this[key];
		return raw instanceof Date ? raw.getTime() / 1000 : v;
	});
}

interface WireReply {
	status: number;
	text: string;
	headers: Record<string, string>;
}

/** One API call on the wire's terms: the `X-Amz-Target` and the JSON body in, status, body and headers out. */
async function dispatch(engine: Engine, method: string, target: string, text: string): Promise<WireReply> {
	const reply = (status: number, body: unknown, extra: Record<string, string> = {}): WireReply => ({
		status,
		text: toWire(body),
		headers: { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": crypto.randomUUID(), ...extra },
	});
	const failure = (err: SfnApiError) =>
		reply(
			err.status,
			{ __type: `com.amazonaws.swf.service.v2.model#${err.code}`, message: err.message },
			{ "x-amzn-errortype": err.code },
		);
	try {
		if (method !== "POST") throw new SfnApiError("UnknownOperationException", "Only POST is supported");
		const op = target.startsWith("AWSStepFunctions.") ? target.slice("AWSStepFunctions.".length) : "";
		if (!isOperation(op)) throw new SfnApiError("UnknownOperationException", `Unknown operation '${target}'`);
		let input: unknown;
		try {
			input = text ? JSON.parse(text) : {};
		} catch {
			throw new SfnApiError("SerializationException", "The request body is not valid JSON");
		}
		if (input === null || typeof input !== "object")
			throw new SfnApiError("SerializationException", "The request body must be a JSON object");
		// a JSON object is the operation's input as far as the wire goes: the engine checks each field it reads
		return reply(200, (await run(engine, op, input as ApiInput<typeof op>)) ?? {});
	} catch (err) {
		if (err instanceof SfnApiError) return failure(err);
		logLocalError("stepfunctions api", err);
		return failure(new SfnApiError("InternalFailure", err instanceof Error ? err.message : String(err), 500));
	}
}

/** A Node request handler serving the engine's API (mount it at any path, e.g. `/local/sfn`). */
export function createSfnHandler(engine: Engine): RequestHandler {
	return async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const c of req) chunks.push(c as Buffer);
		const r = await dispatch(
			engine,
			req.method ?? "",
			String(req.headers["x-amz-target"] ?? ""),
			Buffer.concat(chunks).toString("utf8"),
		);
		res.writeHead(r.status, { ...r.headers, "content-length": Buffer.byteLength(r.text) });
		res.end(r.text);
	};
}

/**
 * The same API as an SDK request handler (`new SFNClient({ requestHandler: sfnInProcess(engine) })`):
 * the client serializes, signs and parses as ever, and the request reaches the engine in this
 * process without a socket. The local home gives it to its handlers' client (one HTTP round trip
 * less per StartExecution and SendTaskSuccess); `/local/sfn` still serves everyone else.
 */
const utf8 = new TextDecoder();

export function sfnInProcess(engine: Engine) {
	return {
		metadata: { handlerProtocol: "in-process" },
		async handle(request: { method: string; headers: Record<string, string>; body?: unknown }) {
			const header = (name: string) =>
				Object.entries(request.headers).find(([k]) => k.toLowerCase() === name)?.[1] ?? "";
			const body = request.body;
			// the SDK's JSON body is a Uint8Array (with string methods that warn): read its bytes as they are
			const text = typeof body === "string" ? body : body instanceof Uint8Array ? utf8.decode(body) : "";
			const r = await dispatch(engine, request.method, header("x-amz-target"), text);
			return { response: { statusCode: r.status, reason: "", headers: r.headers, body: Buffer.from(r.text) } };
		},
		updateHttpClientConfig() {},
		httpHandlerConfigs() {
			return {};
		},
		destroy() {},
	};
}

export interface SfnServer {
	readonly url: string;
	readonly port: number;
	readonly server: Server;
	close(): Promise<void>;
}

/** A standalone HTTP server for the engine's API (tests, tools). `port: 0` picks a free port. */
export async function startSfnServer(options: { engine: Engine; port?: number; host?: string }): Promise<SfnServer> {
	const handler = createSfnHandler(options.engine);
	const server = createServer((req, res) => {
		handler(req, res).catch(() => res.destroy());
	});
	const listening = await listen(server, options.port ?? 0, options.host ?? "127.0.0.1");
	return { url: listening.url, port: listening.port, server, close: listening.close };
}
