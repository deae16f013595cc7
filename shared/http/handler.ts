/**
 * The middy chain every HTTP function uses: parse → validate (zod) → handler → respond, with one
 * error responder registered so any thrown error becomes the api.md error body. Handlers receive
 * typed input (`z.infer` of the route's schemas) and return `{ status, body, headers? }`.
 */
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
import middy, { type MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from "aws-lambda";
import type * as z from "#shared/zod.ts";
import { logger, MetricUnit, metrics } from "#shared/observability.ts";
import { tracer } from "#shared/tracing.ts";
import { InvalidJsonError, toErrorResponse, UnsupportedMediaTypeError, ValidationError } from "#shared/http/errors.ts";
import { type Claims, claimsFromEvent } from "#shared/http/claims.ts";

type ZodType = z.ZodMiniType;

export interface RequestSchemas {
	body?: ZodType;
	params?: ZodType;
	query?: ZodType;
	headers?: ZodType;
}

type Parsed<S, K extends keyof RequestSchemas> = S extends { [P in K]: infer T extends ZodType }
	? z.infer<T>
	: undefined;

export interface HttpRequest<S extends RequestSchemas> {
	body: Parsed<S, "body">;
	params: Parsed<S, "params">;
	query: Parsed<S, "query">;
	headers: Parsed<S, "headers">;
	/** Verified staff claims (from the JWT authorizer), when the route requires a role. */
	claims: Claims | undefined;
	sourceIp: string;
}

export interface HttpResult {
	status: number;
	/** Sent as JSON. */
	body?: unknown;
	/** Sent as is (e.g. Markdown), with the content type given in `headers`. */
	text?: string;
	/** Sent as binary (e.g. a Word document; base64 through API Gateway), with the content type given in `headers`. */
	bytes?: Uint8Array;
	headers?: Record<string, string>;
}

type Event = APIGatewayProxyEventV2 & { parsed?: HttpRequest<RequestSchemas> };

function issuesOf(err: z.core.$ZodError) {
	return err.issues.map((i) => ({ path: i.path.join("."), message: i.message, code: i.code }));
}

function parsePart(schema: ZodType | undefined, value: unknown, where: string): unknown {
	if (!schema) return undefined;
	const r = schema.safeParse(value);
	if (!r.success) throw new ValidationError(`${where} 校验未通过`, { in: where, issues: issuesOf(r.error) });
	return r.data;
}

function lowerCaseHeaders(h: Record<string, string | undefined> | undefined): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(h ?? {})) if (v !== undefined) out[k.toLowerCase()] = v;
	return out;
}

/** JSON body parsing with a content-type check, then zod validation of every part. */
function parseRequest(schemas: RequestSchemas): MiddlewareObj<Event, APIGatewayProxyStructuredResultV2> {
	return {
		name: "parseRequest",
		before: (request) => {
			const event = request.event;
			const headers = lowerCaseHeaders(event.headers);
			let body: unknown;
			if (schemas.body) {
				const type = headers["content-type"] ?? "";
				if (!/^application\/([\w.+-]+\+)?json\b/i.test(type)) throw new UnsupportedMediaTypeError();
				const raw = event.body
					? event.isBase64Encoded
						? Buffer.from(event.body, "base64").toString("utf8")
						: event.body
					: "";
				try {
					body = JSON.parse(raw);
				} catch {
					throw new InvalidJsonError();
				}
			}
			event.parsed = {
				body: parsePart(schemas.body, body, "body"),
				params: parsePart(schemas.params, event.pathParameters ?? {}, "path"),
				query: parsePart(schemas.query, event.queryStringParameters ?? {}, "query"),
				headers: parsePart(schemas.headers, headers, "headers"),
				claims: claimsFromEvent(event),
				sourceIp: event.requestContext?.http?.sourceIp ?? "",
			} as HttpRequest<RequestSchemas>;
		},
	};
}

function jsonResponse(
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
	return {
		statusCode: status,
		headers: { "content-type": "application/json; charset=utf-8", ...headers },
		body: body === undefined ? "" : JSON.stringify(body),
	};
}

/** Turns any error into the api.md error shape; only 5xx are logged, without request data. */
function errorResponder(): MiddlewareObj<Event, APIGatewayProxyStructuredResultV2> {
	return {
		name: "errorResponder",
		onError: (request) => {
			const { status, body } = toErrorResponse(request.error);
			if (status >= 500)
				logger.error(status === 503 ? "transient error" : "unhandled error", { error: request.error as Error });
			const headers: Record<string, string> = {};
			const retry = (body.error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
			if ((status === 429 || status === 503) && retry) headers["retry-after"] = String(retry);
			request.response = jsonResponse(status, body, headers);
		},
	};
}

/** Requests, Latency, ClientErrors and ServerErrors of the route, once the answer (or the error's answer) is known. */
function httpTimer(): MiddlewareObj<Event, APIGatewayProxyStructuredResultV2> {
	let started = 0;
	const record = (request: { event: Event; response: APIGatewayProxyStructuredResultV2 | undefined | null }) => {
		const status = request.response?.statusCode ?? 500;
		metrics.addDimensions({ route: request.event.routeKey || "unknown" });
		metrics.addMetric("Requests", MetricUnit.Count, 1);
		metrics.addMetric("Latency", MetricUnit.Milliseconds, performance.now() - started);
		metrics.addMetric("ClientErrors", MetricUnit.Count, status >= 400 && status < 500 ? 1 : 0);
		metrics.addMetric("ServerErrors", MetricUnit.Count, status >= 500 ? 1 : 0);
		// Published in the same tick: concurrent requests of the local home share the one Metrics instance.
		metrics.publishStoredMetrics();
	};
	return {
		name: "httpTimer",
		before: () => {
			started = performance.now();
		},
		after: record,
		onError: record,
	};
}

/**
 * The chain, outermost first: the Lambda context in every log line; the metrics middleware sees the
 * final status (the error responder's onError runs before its own).
 */
export function httpHandler<S extends RequestSchemas>(
	schemas: S,
	fn: (req: HttpRequest<S>, context: Context) => Promise<HttpResult>,
) {
	return middy<Event, APIGatewayProxyStructuredResultV2>()
		.use(captureLambdaHandler(tracer, { captureResponse: false }))
		.use(injectLambdaContext(logger, { resetKeys: true }))
		.use(httpTimer())
		.use(errorResponder())
		.use(parseRequest(schemas))
		.handler(async (event, context) => {
			const result = await fn(event.parsed as unknown as HttpRequest<S>, context);
			if (result.text !== undefined)
				return { statusCode: result.status, headers: result.headers ?? {}, body: result.text };
			if (result.bytes !== undefined)
				return {
					statusCode: result.status,
					headers: result.headers ?? {},
					body: Buffer.from(result.bytes).toString("base64"),
					isBase64Encoded: true,
				};
			return jsonResponse(result.status, result.body, result.headers);
		});
}
