/**
 * HTTP errors as named classes, the one table from a domain error's name to its status, and
 * `toErrorResponse`, which maps any thrown value to the api.md error shape.
 */
import { type DomainErrorName, DomainError } from "#shared/domain/errors.ts";

export class AppError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		readonly details?: unknown,
	) {
		super(message);
		this.name = new.target.name;
	}
}

export class ValidationError extends AppError {
	constructor(message: string, details?: unknown) {
		super(400, "VALIDATION_FAILED", message, details);
	}
}
export class InvalidJsonError extends AppError {
	constructor() {
		super(400, "INVALID_JSON", "请求体不是有效的 JSON");
	}
}
export class UnauthorizedError extends AppError {
	constructor(message = "需要登录") {
		super(401, "UNAUTHORIZED", message);
	}
}
export class ForbiddenError extends AppError {
	constructor(message = "无权执行此操作") {
		super(403, "FORBIDDEN", message);
	}
}
export class NotFoundError extends AppError {
	constructor(message = "未找到") {
		super(404, "NOT_FOUND", message);
	}
}
export class MethodNotAllowedError extends AppError {
	constructor(allowed: string[]) {
		super(405, "METHOD_NOT_ALLOWED", `此地址只接受 ${allowed.join(", ")} 请求`, { allowed });
	}
}
export class PayloadTooLargeError extends AppError {
	constructor(limit: number) {
		super(413, "PAYLOAD_TOO_LARGE", `请求体超过 ${Math.floor(limit / 1024)} KB 上限`, { limitBytes: limit });
	}
}
export class UnsupportedMediaTypeError extends AppError {
	constructor() {
		super(415, "UNSUPPORTED_MEDIA_TYPE", "请求体须为 application/json");
	}
}
export class TooManyRequestsError extends AppError {
	constructor(retryAfterSeconds: number) {
		super(429, "TOO_MANY_REQUESTS", "请求过于频繁，请稍后再试", { retryAfterSeconds });
	}
}

export class ServiceUnavailableError extends AppError {
	constructor(retryAfterSeconds = 1, message = "服务繁忙，请稍后重试") {
		super(503, "SERVICE_UNAVAILABLE", message, { retryAfterSeconds });
	}
}
/** A request line, path or header the server cannot read (bad percent-encoding, NUL, a malformed header). */
export class BadRequestError extends AppError {
	constructor(code: string, message: string, details?: unknown) {
		super(400, code, message, details);
	}
}

/**
 * Errors of DynamoDB, Step Functions or the network that say "try again" (throttling, timeouts, a lost
 * connection): the request had no effect and is answered 503 with Retry-After, never 500.
 */
const TRANSIENT = new Set([
	"ThrottlingException",
	"ProvisionedThroughputExceededException",
	"RequestLimitExceeded",
	"TransactionConflictException",
	"TransactionInProgressException",
	"InternalServerError",
	"ServiceUnavailable",
	"TimeoutError",
	"RequestTimeout",
	"RequestTimeoutException",
	"ECONNRESET",
	"ECONNREFUSED",
	"EPIPE",
	"ETIMEDOUT",
]);

export function isTransient(err: unknown): boolean {
	if (!(err instanceof Error)) return false;
	const e = err as Error & { code?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
	if (TRANSIENT.has(e.name) || (e.code !== undefined && TRANSIENT.has(e.code))) return true;
	if (e.name === "TransactionCanceledException" && /TransactionConflict/.test(e.message)) return true;
	return e.$retryable !== undefined || (e.$metadata?.httpStatusCode ?? 0) >= 500;
}

export interface ErrorBody {
	error: { code: string; message: string; details?: unknown };
}

/** The status each domain error answers with. A rule's refusal is a conflict with the case's state. */
export const domainErrorStatus = {
	RuleViolation: 409,
	StepNotPending: 409,
	StepAlreadyDone: 409,
	QueryCodeRejected: 404,
	QueryCodeLocked: 429,
	SubmissionsLimited: 429,
	InvalidCursor: 400,
	IdempotencyKeyReused: 422,
	IdempotencyInProgress: 409,
} as const satisfies Record<DomainErrorName, number>;

/** A domain error as an AppError; one that blames a single request field is a 400 for that field. */
function fromDomainError(err: DomainError): AppError {
	if (err.field)
		return new ValidationError(err.message, {
			in: "body",
			issues: [{ path: err.field, message: err.message, code: err.code }],
		});
	return new AppError(domainErrorStatus[err.name], err.code, err.message, err.details);
}

/** Status and body for any thrown value; unknown errors become a generic 500 (the text stays inside). */
export function toErrorResponse(thrown: unknown): { status: number; body: ErrorBody } {
	const err = thrown instanceof DomainError ? fromDomainError(thrown) : thrown;
	if (err instanceof AppError) {
		const body: ErrorBody = { error: { code: err.code, message: err.message } };
		if (err.details !== undefined) body.error.details = err.details;
		return { status: err.status, body };
	}
	if (isTransient(err)) return toErrorResponse(new ServiceUnavailableError(1));
	return { status: 500, body: { error: { code: "INTERNAL", message: "服务器内部错误" } } };
}
