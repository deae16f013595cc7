/** GET /v1/cases/{caseId} — the full case, its event history and the actions the caller may take now. */
import { requireEnvironment } from "#shared/aws/env.ts";
import { caseDeps, evidenceUrls } from "#shared/aws/deps.ts";
import { evidenceLinks } from "#shared/cases/evidence.ts";
import { requirePermission } from "#shared/auth/guard.ts";
import { allowedActions } from "#shared/auth/allowed-actions.ts";
import { allowedOnCase } from "#shared/auth/policy.ts";
import { staffCaseView } from "#shared/cases/views.ts";
import { NotFoundError } from "#shared/http/errors.ts";
import { httpHandler } from "#shared/http/handler.ts";
import { requests } from "#shared/specs/requests.ts";

requireEnvironment("getCase");

/** A case outside the caller's scope answers exactly like a missing one: ids cannot be probed. */
const notFound = () => new NotFoundError("未找到该案件");

export const handler = httpHandler(requests.getCase, async ({ params, claims }) => {
	const caller = requirePermission(claims, "case:read");
	const { store } = caseDeps();
	const kase = await store.get(params.caseId.toUpperCase());
	if (!kase || !allowedOnCase(caller, "case:read", kase)) throw notFound();
	const events = await store.events(kase.caseId);
	const evidence = await evidenceLinks(evidenceUrls(), kase);
	return {
		status: 200,
		body: {
			case: { ...staffCaseView(kase, caller.role), evidence },
			events,
			allowedActions: allowedActions(caller, kase),
		},
	};
});
