import { describe, expect, it } from "vitest";
import {
	type DomainError,
	IdempotencyInProgress,
	IdempotencyKeyReused,
	InvalidCursor,
	QueryCodeLocked,
	QueryCodeRejected,
	StepAlreadyDone,
	StepNotPending,
	SubmissionsLimited,
} from "#shared/domain/errors.ts";
import { domainErrorStatus, toErrorResponse } from "#shared/http/errors.ts";
import { RuleViolation } from "#shared/rules/lifecycle.ts";

describe("domain errors at the edge: one name → status table", () => {
	const cases: [DomainError, number, string][] = [
		[new StepNotPending({ stage: "handling", pendingTask: null }), 409, "STEP_NOT_PENDING"],
		[new StepAlreadyDone(), 409, "STEP_ALREADY_DONE"],
		[new QueryCodeRejected(), 404, "NOT_FOUND"],
		[new QueryCodeLocked(600), 429, "TOO_MANY_REQUESTS"],
		[new SubmissionsLimited(60), 429, "TOO_MANY_REQUESTS"],
		[new InvalidCursor(), 400, "INVALID_CURSOR"],
		[new IdempotencyKeyReused(), 422, "IDEMPOTENCY_KEY_REUSED"],
		[new IdempotencyInProgress(), 409, "IDEMPOTENCY_IN_PROGRESS"],
		[new RuleViolation("WINDOW_CLOSED", "申请期限（30日）已过，不予受理"), 409, "WINDOW_CLOSED"],
	];

	it("covers every error name once", () => {
		expect(cases.map(([e]) => e.name).sort()).toEqual(Object.keys(domainErrorStatus).sort());
	});

	for (const [err, status, code] of cases)
		it(`${err.name} → ${status} ${code}`, () => {
			const out = toErrorResponse(err);
			expect(out.status).toBe(status);
			expect(out.body.error.code).toBe(code);
			expect(out.body.error.message).toBe(err.message);
			expect(out.body.error.details).toEqual(err.details);
		});

	it("a rule that blames one field answers 400 for that field", () => {
		const out = toErrorResponse(new RuleViolation("UNIT_NOT_IN_REGION", "责任单位须为问题属地的单位", "unit"));
		expect(out).toEqual({
			status: 400,
			body: {
				error: {
					code: "VALIDATION_FAILED",
					message: "责任单位须为问题属地的单位",
					details: {
						in: "body",
						issues: [{ path: "unit", message: "责任单位须为问题属地的单位", code: "UNIT_NOT_IN_REGION" }],
					},
				},
			},
		});
	});

	it("anything else is a 500 that says nothing of its cause", () => {
		expect(toErrorResponse(new Error("table xyz not found"))).toEqual({
			status: 500,
			body: { error: { code: "INTERNAL", message: "服务器内部错误" } },
		});
	});
});
