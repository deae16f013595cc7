/** POST /v1/petitions — online submission (网上信访). */
import { requireEnvironment } from "#shared/aws/env.ts";
import { caseDeps } from "#shared/aws/deps.ts";
import { previousSubmission, registerUnlessRepeat } from "#shared/cases/repeats.ts";
import { admitSubmission } from "#shared/cases/submission-limit.ts";
import { type SubmissionKey, submissionKey } from "#shared/cases/submission-key.ts";
import { SubmissionsLimited } from "#shared/domain/errors.ts";
import type { Petition } from "#shared/domain/petition.ts";
import { httpHandler } from "#shared/http/handler.ts";
import { requests } from "#shared/specs/requests.ts";
import { nowMs } from "#shared/time.ts";

requireEnvironment("submitPetition");

type Submitted = Awaited<ReturnType<typeof registerUnlessRepeat>>;

/**
 * A submission: counted against the address's limit, given back if nothing new was written (an error,
 * or a retry answered from its Idempotency-Key's record). The record is written in the same
 * transaction as the case, so a retry gets the first answer, query code included, or finds nothing.
 */
async function submit(petition: Petition, ip: string, key: SubmissionKey | undefined): Promise<Submitted> {
	const deps = caseDeps();
	let admission: Awaited<ReturnType<typeof admitSubmission>>;
	try {
		admission = await admitSubmission(deps.limiter, ip, nowMs());
	} catch (err) {
		// Over the limit, but a retry of a submission already made is answered, not refused.
		const previous = key && err instanceof SubmissionsLimited ? await previousSubmission(deps.store, key) : undefined;
		if (previous) return previous;
		throw err;
	}
	let r: Submitted;
	try {
		r = await registerUnlessRepeat(deps, { petition, channel: "online", actorRole: "petitioner" }, key);
	} catch (err) {
		await admission?.refund().catch(() => undefined);
		throw err;
	}
	if (r.replayed) await admission?.refund().catch(() => undefined);
	return r;
}

export const handler = httpHandler(requests.submitPetition, async ({ body, headers, sourceIp }) => {
	const key = headers["idempotency-key"];
	const r = await submit(body, sourceIp, key ? submissionKey("submit-petition", key, body) : undefined);
	if (r.repeatOf !== undefined)
		return {
			status: 200,
			body: {
				repeatOf: r.repeatOf,
				message:
					"您就同一事项提出的信访仍在办理中，本次提交已记入原案件（重复信访不另行立案），请凭原案件编号和查询码查询办理进度。",
			},
		};
	return {
		status: 201,
		body: { caseId: r.caseId, queryCode: r.queryCode, status: r.status, stage: r.stage, dueAt: r.dueAt },
		headers: { location: `/v1/petitions/${r.caseId}` },
	};
});
