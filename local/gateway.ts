/**
 * The local stand-in for API Gateway's HTTP API: serves the route table on 127.0.0.1, turns each
 * request into an APIGatewayProxyEventV2 (payload format 2.0), calls the registered handler
 * in-process with a Lambda-like context and writes back its structured result.
 * Extra local-only endpoints (`/local/*`) are mounted by the caller.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import {
	BadRequestError,
	MethodNotAllowedError,
	NotFoundError,
	PayloadTooLargeError,
	ServiceUnavailableError,
	toErrorResponse,
} from "#shared/http/errors.ts";
import { type RouteSpec, routes as routeTable } from "#shared/specs/routes.ts";
import { loadHandler, lambdaContext } from "#local/functions.ts";
import { listen } from "#local/listen.ts";

const MAX_BODY_BYTES = 256 * 1024;

/** API requests handled at once; beyond it a request is answered 503 with Retry-After at once (shed, not queued). */
const DEFAULT_MAX_IN_FLIGHT = 48;

export type LocalHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void> | void;

/** Verifies a staff token and returns its claims, or throws an AppError (401/403). */
export type Authorizer = (
	route: RouteSpec,
	authorization: string | undefined,
) => Promise<Record<string, unknown> | undefined>;

export interface GatewayOptions {
	port?: number;
	host?: string;
	routes?: readonly RouteSpec[];
	/**
	 * Prefix → handler for local-only endpoints, e.g. `/local/sfn`. Matched before the route table.
	 * `/` matches the root path only, so a root mount cannot shadow the API.
	 */
	mounts?: Record<string, LocalHandler>;
	authorize?: Authorizer;
	/** API requests (the route table) handled at once; more are shed with 503 (default DEFAULT_MAX_IN_FLIGHT). */
	maxInFlight?: number;
}

export interface Gateway {
	readonly url: string;
	readonly server: Server;
	close(): Promise<void>;
}

interface CompiledRoute {
	spec: RouteSpec;
	regex: RegExp;
	names: string[];
}

function compile(spec: RouteSpec): CompiledRoute {
	const names: string[] = [];
	const pattern = spec.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_m, name: string) => {
		names.push(name);
		return "([^/]+)";
	});
	return { spec, regex: new RegExp(`^${pattern}$`), names };
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		"content-type": "application/json; charset=utf-8",
		"content-length": Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

function sendError(res: ServerResponse, err: unknown): void {
	const { status, body } = toErrorResponse(err);
	const retry = (body.error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
	sendJson(res, status, body, retry && (status === 429 || status === 503) ? { "retry-after": String(retry) } : {});
}

/** Node's parser refused the request (a malformed request line or header, duplicate Content-Length, …). */
function clientErrorResponse(err: NodeJS.ErrnoException): string {
	const [status, code, message] =
		err.code === "HPE_HEADER_OVERFLOW"
			? [431, "HEADERS_TOO_LARGE", "请求头过大"]
			: err.code === "ERR_HTTP_REQUEST_TIMEOUT"
				? [408, "REQUEST_TIMEOUT", "请求超时"]
				: [400, "BAD_REQUEST", "请求格式无效"];
	const body = JSON.stringify({ error: { code, message } });
	const reason =
		status === 431 ? "Request Header Fields Too Large" : status === 408 ? "Request Timeout" : "Bad Request";
	return `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
}

/** The request target as a URL; a target that is not a path (or cannot be parsed) is a 400. */
function parseTarget(raw: string | undefined): URL {
	const target = raw ?? "/";
	if (!target.startsWith("/") || target.includes("\0")) throw new BadRequestError("BAD_PATH", "请求地址无效");
	try {
		return new URL(target, "http://local");
	} catch {
		throw new BadRequestError("BAD_PATH", "请求地址无效");
	}
}

/** A path parameter, percent-decoded; bad encoding or a control character is a 400 naming the parameter. */
function decodeParam(name: string, raw: string): string {
	let value: string;
	try {
		value = decodeURIComponent(raw);
	} catch {
		throw new BadRequestError("BAD_PATH", `路径参数 ${name} 的百分号编码无效`, {
			in: "path",
			issues: [{ path: name, message: "bad percent-encoding", code: "invalid_encoding" }],
		});
	}
	if (/[\u0000-\u001f\u007f]/.test(value))
		throw new BadRequestError("BAD_PATH", `路径参数 ${name} 含有控制字符`, {
			in: "path",
			issues: [{ path: name, message: "control character", code: "invalid_characters" }],
		});
	return value;
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
	const declared = Number(req.headers["content-length"] ?? 0);
	if (declared > limit) throw new PayloadTooLargeError(limit);
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req) {
		size += (chunk as Buffer).length;
		if (size > limit) throw new PayloadTooLargeError(limit);
		chunks.push(chunk as Buffer);
	}
	return Buffer.concat(chunks);
}

function toEvent(
	req: IncomingMessage,
	url: URL,
	route: CompiledRoute,
	match: RegExpExecArray,
	body: Buffer,
	claims?: Record<string, unknown>,
): APIGatewayProxyEventV2 {
	const headers: Record<string, string> = {};
	for (const [k, v] of Object.entries(req.headers))
		if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(",") : v;
	const query: Record<string, string> = {};
	for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
	const pathParameters: Record<string, string> = {};
	route.names.forEach((n, i) => {
		pathParameters[n] = decodeParam(n, match[i + 1] ?? "");
	});
	const now = Date.now();
	const routeKey = `${route.spec.method} ${route.spec.path}`;
	const isText = /json|text|xml|urlencoded/i.test(headers["content-type"] ?? "") || body.length === 0;
	return {
		version: "2.0",
		routeKey,
		rawPath: url.pathname,
		rawQueryString: url.search.slice(1),
		headers,
		...(Object.keys(query).length ? { queryStringParameters: query } : {}),
		...(route.names.length ? { pathParameters } : {}),
		requestContext: {
			accountId: "000000000000",
			apiId: "local",
			domainName: headers.host ?? "127.0.0.1",
			domainPrefix: "local",
			http: {
				method: req.method ?? "GET",
				path: url.pathname,
				protocol: `HTTP/${req.httpVersion}`,
				sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
				userAgent: headers["user-agent"] ?? "",
			},
			requestId: randomUUID(),
			routeKey,
			stage: "$default",
			time: new Date(now).toUTCString(),
			timeEpoch: now,
			...(claims ? { authorizer: { jwt: { claims, scopes: [] } } } : {}),
		} as APIGatewayProxyEventV2["requestContext"],
		...(body.length
			? { body: isText ? body.toString("utf8") : body.toString("base64"), isBase64Encoded: !isText }
			: { isBase64Encoded: false }),
	};
}

function writeResult(res: ServerResponse, result: APIGatewayProxyStructuredResultV2 | string | undefined): void {
	if (typeof result === "string" || result === undefined) {
		res.writeHead(200, { "content-type": "application/json" });
		res.end(result ?? "");
		return;
	}
	const body = result.body
		? result.isBase64Encoded
			? Buffer.from(result.body, "base64")
			: Buffer.from(result.body)
		: Buffer.alloc(0);
	const headers: Record<string, string | number | string[]> = { ...(result.headers as Record<string, string>) };
	if (result.cookies?.length) headers["set-cookie"] = result.cookies;
	res.writeHead(result.statusCode ?? 200, headers);
	res.end(body);
}

export async function startGateway(options: GatewayOptions = {}): Promise<Gateway> {
	const compiled = (options.routes ?? routeTable).map(compile);
	const mounts = Object.entries(options.mounts ?? {}).sort((a, b) => b[0].length - a[0].length);

	const maxInFlight = options.maxInFlight ?? (Number(process.env.GATEWAY_MAX_IN_FLIGHT) || DEFAULT_MAX_IN_FLIGHT);
	let inFlight = 0;

	const server = createServer(async (req, res) => {
		let counted = false;
		try {
			const url = parseTarget(req.url);
			const mount = mounts.find(
				([prefix]) => url.pathname === prefix || (prefix !== "/" && url.pathname.startsWith(`${prefix}/`)),
			);
			// Local endpoints (the engine's API that handlers call, the clock, pages) are never shed.
			if (!mount) {
				if (inFlight >= maxInFlight) {
					req.resume();
					throw new ServiceUnavailableError(1);
				}
				inFlight++;
				counted = true;
			}
			const body = await readBody(
				req,
				(mount?.[1] as { maxBodyBytes?: number } | undefined)?.maxBodyBytes ?? MAX_BODY_BYTES,
			);
			if (mount) return await mount[1](req, res, body);
			const path = url.pathname.length > 2048 ? url.pathname.slice(0, 2048) : url.pathname;
			const candidates = compiled.map((r) => ({ r, m: r.regex.exec(path) })).filter((c) => c.m);
			if (!candidates.length) throw new NotFoundError("没有这个地址");
			const hit = candidates.find((c) => c.r.spec.method === req.method);
			if (!hit?.m) throw new MethodNotAllowedError([...new Set(candidates.map((c) => c.r.spec.method))]);
			const claims =
				hit.r.spec.auth === "public" ? undefined : await options.authorize?.(hit.r.spec, req.headers.authorization);
			const event = toEvent(req, url, hit.r, hit.m, body, claims);
			const handler = await loadHandler(hit.r.spec.function);
			const result = await handler(event, lambdaContext(hit.r.spec.function));
			writeResult(res, result as APIGatewayProxyStructuredResultV2);
		} catch (err) {
			if (!res.headersSent) sendError(res, err);
			else res.destroy();
		} finally {
			if (counted) inFlight--;
		}
	});
	server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
		if (err.code === "ECONNRESET" || !socket.writable) return void socket.destroy();
		socket.end(clientErrorResponse(err));
	});
	server.keepAliveTimeout = 5000;
	const listening = await listen(server, options.port ?? 3000, options.host ?? "127.0.0.1");
	return { url: listening.url, server, close: listening.close };
}
