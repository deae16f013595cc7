/** POST /v1/cases — intake registers a letter (来信) or a visit (来访) (R21). */
import { requireEnvironment } from "#shared/aws/env.ts";
import { caseDeps } from "#shared/aws/deps.ts";
import { allowedInRegion } from "#shared/auth/policy.ts";
import { registerUnlessRepeat } from "#shared/cases/repeats.ts";
import { ForbiddenError, UnauthorizedError, ValidationError } from "#shared/http/errors.ts";
import { httpHandler } from "#shared/http/handler.ts";
import { requests } from "#shared/specs/requests.ts";
import { nowMs } from "#shared/time.ts";

requireEnvironment("registerCase");

export const handler = httpHandler(requests.registerCase, async ({ body, claims }) => {
	if (!claims) throw new UnauthorizedError();
	if (!allowedInRegion(claims, "case:register", body.region)) throw new ForbiddenError("只能登记本辖区的信访事项");
	if (Date.parse(body.receivedAt) > nowMs())
		throw new ValidationError("body 校验未通过", {
			in: "body",
			issues: [{ path: "receivedAt", message: "收到时间不能晚于现在", code: "custom" }],
		});
	const { channel, receivedAt, ...petition } = body;
	const r = await registerUnlessRepeat(caseDeps(), {
		petition,
		channel,
		receivedAt,
		actorRole: claims.role,
		actor: claims.sub,
	});
	if (r.repeatOf !== undefined) return { status: 200, body: { repeatOf: r.repeatOf, repeats: r.repeats } };
	return {
		status: 201,
		body: { caseId: r.caseId, queryCode: r.queryCode, status: r.status, stage: r.stage, dueAt: r.dueAt },
		headers: { location: `/v1/cases/${r.caseId}` },
	};
});
