/** POST /v1/petitions/{caseId}/review-requests — 复查 after a reply, 复核 after a review decision, within 30 days. */
import { requireEnvironment } from "#shared/aws/env.ts";
import { caseDeps } from "#shared/aws/deps.ts";
import { caseForPetitioner } from "#shared/cases/petitioner-access.ts";
import { completeStep } from "#shared/cases/steps.ts";
import { petitionerView } from "#shared/cases/views.ts";
import { httpHandler } from "#shared/http/handler.ts";
import { requests } from "#shared/specs/requests.ts";
import { applyReviewRequest } from "#shared/rules/lifecycle.ts";
import { nowMs } from "#shared/time.ts";

requireEnvironment("requestReview");

export const handler = httpHandler(requests.requestReview, async ({ params, headers, body, sourceIp }) => {
	const deps = caseDeps();
	const kase = await caseForPetitioner(deps, params.caseId, headers["x-query-code"], sourceIp);
	// The rule speaks first so that a closed window is refused with its reason, not as "not pending".
	applyReviewRequest(kase, body.reason, nowMs());
	const after = await completeStep(deps, kase, ["review_request", "rereview_request"], (current, now) =>
		applyReviewRequest(current, body.reason, now),
	);
	return { status: 201, body: petitionerView(after) };
});
