/**
 * Domain errors: what the use-case layer refuses, by name. They know nothing of HTTP; the edge maps
 * each name to a status in one table (shared/http/errors.ts). `code` is for clients, `message`
 * (Chinese) for people.
 */

export type DomainErrorName =
	| "RuleViolation"
	| "StepNotPending"
	| "StepAlreadyDone"
	| "QueryCodeRejected"
	| "QueryCodeLocked"
	| "SubmissionsLimited"
	| "InvalidCursor"
	| "IdempotencyKeyReused"
	| "IdempotencyInProgress";

export class DomainError extends Error {
	constructor(
		override readonly name: DomainErrorName,
		readonly code: string,
		message: string,
		readonly details?: unknown,
		/** Set when one field of the request is at fault. */
		readonly field?: string,
	) {
		super(message);
	}
}

/** The step asked for is not the case's pending step (already done, or not reached yet). */
export class StepNotPending extends DomainError {
	constructor(details: { stage: string; pendingTask: string | null }) {
		super("StepNotPending", "STEP_NOT_PENDING", "该案件当前没有待办的此项步骤（可能已被处理或尚未到此环节）", details);
	}
}

/** Someone else completed the step or changed the case between reading it and writing it. */
export class StepAlreadyDone extends DomainError {
	constructor(message = "该步骤已被处理或案件已变化，请刷新后重试") {
		super("StepAlreadyDone", "STEP_ALREADY_DONE", message);
	}
}

/** A case id and query code that do not open a case; a wrong code and a missing case look alike. */
export class QueryCodeRejected extends DomainError {
	constructor() {
		super("QueryCodeRejected", "NOT_FOUND", "未找到该案件，或查询码不正确");
	}
}

/** Too many wrong query codes from one address: refused for a while. */
export class QueryCodeLocked extends DomainError {
	constructor(retryAfterSeconds: number) {
		super("QueryCodeLocked", "TOO_MANY_REQUESTS", "请求过于频繁，请稍后再试", { retryAfterSeconds });
	}
}

/** Too many online submissions from one address in a window (SUBMISSION_LIMITS): refused for a while. */
export class SubmissionsLimited extends DomainError {
	constructor(retryAfterSeconds: number) {
		super("SubmissionsLimited", "TOO_MANY_REQUESTS", "提交过于频繁，请稍后再试", { retryAfterSeconds });
	}
}

/** A listing cursor that was edited, truncated or belongs to another query. */
export class InvalidCursor extends DomainError {
	constructor() {
		super("InvalidCursor", "INVALID_CURSOR", "分页游标无效，请从第一页重新查询");
	}
}

export class IdempotencyKeyReused extends DomainError {
	constructor() {
		super("IdempotencyKeyReused", "IDEMPOTENCY_KEY_REUSED", "该 Idempotency-Key 已用于另一份不同的请求");
	}
}

export class IdempotencyInProgress extends DomainError {
	constructor() {
		super("IdempotencyInProgress", "IDEMPOTENCY_IN_PROGRESS", "使用该 Idempotency-Key 的请求正在处理中，请稍后重试");
	}
}
