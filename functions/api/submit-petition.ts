/** POST /v1/petitions — online submission (网上信访). */
import { requireEnvironment } from "#shared/aws/env.ts";
import { caseDeps } from "#shared/aws/deps.ts";
import { idempotent } from "#shared/aws/idempotency.ts";
import { registerUnlessRepeat } from "#shared/cases/repeats.ts";
import type { Petition } from "#shared/domain/petition.ts";
import { httpHandler } from "#shared/http/handler.ts";
import { requests } from "#shared/specs/requests.ts";

requireEnvironment("submitPetition");

const submit = (petition: Petition) => registerUnlessRepeat(caseDeps(), { petition, channel: "online", actorRole: "petitioner" });
const submitOnce = idempotent("submit-petition", submit);

export const handler = httpHandler(
	requests.submitPetition,
	async ({ body, headers }, context) => {
		const key = headers["idempotency-key"];
		const r = key ? await submitOnce(key, body, context) : await submit(body);
		if (r.repeatOf !== undefined)
			return {
				status: 200,
				body: {
					repeatOf: r.repeatOf,
					message: "您就同一事项提出的信访仍在办理中，本次提交已记入原案件（重复信访不另行立案），请凭原案件编号和查询码查询办理进度。",
				},
			};
		return {
			status: 201,
			body: { caseId: r.caseId, queryCode: r.queryCode, status: r.status, stage: r.stage, dueAt: r.dueAt },
			headers: { location: `/v1/petitions/${r.caseId}` },
		};
	},
);
