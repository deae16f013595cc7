/** POST /v1/petitions/{caseId}/evaluations — satisfaction with the reply (满意度评价), once, within 30 days. */
import { requireEnvironment } from "#shared/aws/env.ts";
import { caseDeps } from "#shared/aws/deps.ts";
import { caseForPetitioner } from "#shared/cases/petitioner-access.ts";
import { withRetry } from "#shared/cases/steps.ts";
import { StaleCaseError } from "#shared/cases/store.ts";
import { petitionerView } from "#shared/cases/views.ts";
import { StepAlreadyDone } from "#shared/domain/errors.ts";
import { httpHandler } from "#shared/http/handler.ts";
import { requests } from "#shared/specs/requests.ts";
import { applyEvaluation } from "#shared/rules/lifecycle.ts";
import { nowMs } from "#shared/time.ts";

requireEnvironment("evaluateCase");

export const handler = httpHandler(requests.evaluateCase, async ({ params, headers, body, sourceIp }) => {
	const deps = caseDeps();
	const { store } = deps;
	let kase = await caseForPetitioner(deps, params.caseId, headers["x-query-code"], sourceIp);
	try {
		// Another change to the case meanwhile (a review request, a supervision) is no reason to refuse:
		// read it again and apply the rule to what is there now (which refuses a second evaluation).
		const after = await withRetry(async () => {
			const t = applyEvaluation(kase, body.satisfaction, nowMs());
			try {
				return await store.commit({ before: kase, after: t.after, events: t.events });
			} catch (err) {
				if (err instanceof StaleCaseError) kase = (await store.get(kase.caseId)) ?? kase;
				throw err;
			}
		});
		return { status: 201, body: petitionerView(after) };
	} catch (err) {
		if (err instanceof StaleCaseError) throw new StepAlreadyDone("案件已变化，请刷新后重试");
		throw err;
	}
});
