/** POST /v1/cases/{caseId}/actions — a staff action on the pending step (409 when it is not pending), or a repeat link. */
import { requireEnvironment } from "#shared/aws/env.ts";
import { caseDeps } from "#shared/aws/deps.ts";
import { allowedOnCase } from "#shared/auth/policy.ts";
import { applyRepeatAction } from "#shared/cases/repeats.ts";
import { completeStep } from "#shared/cases/steps.ts";
import { staffCaseView } from "#shared/cases/views.ts";
import { actionsByTask, type TaskType, taskTypeSchema } from "#shared/domain/actions.ts";
import { ForbiddenError, NotFoundError, UnauthorizedError } from "#shared/http/errors.ts";
import { httpHandler } from "#shared/http/handler.ts";
import { requests } from "#shared/specs/requests.ts";
import { applyAction } from "#shared/rules/lifecycle.ts";

requireEnvironment("actOnCase");

const tasksTaking = (type: string): TaskType[] => taskTypeSchema.options.filter((t) => actionsByTask[t].includes(type));

export const handler = httpHandler(requests.actOnCase, async ({ params, body, claims }) => {
	if (!claims) throw new UnauthorizedError();
	const deps = caseDeps();
	// The case and its pending step in one read: the step is what the action needs next.
	const { kase, task } = await deps.store.getWithTask(params.caseId.toUpperCase());
	if (!kase || !allowedOnCase(claims, "case:read", kase)) throw new NotFoundError("未找到该案件");
	if (!allowedOnCase(claims, `action:${body.type}`, kase)) throw new ForbiddenError("无权对该案件执行此操作");
	if (body.type === "link_repeat" || body.type === "unlink_repeat") {
		const mayRead = (c: typeof kase) => allowedOnCase(claims, "case:read", c);
		const after = await applyRepeatAction(deps.store, kase, body, { role: claims.role, id: claims.sub, mayRead });
		return { status: 200, body: staffCaseView(after, claims.role) };
	}
	const after = await completeStep(
		deps,
		kase,
		tasksTaking(body.type),
		(current, now) => applyAction(current, body, now, { role: claims.role, id: claims.sub }),
		{ ...(task ? { task } : {}) },
	);
	return { status: 200, body: staffCaseView(after, claims.role) };
});
