/** POST /v1/petitions — online submission (网上信访). */
import { requireEnvironment } from "#shared/aws/env.ts";
import { caseDeps } from "#shared/aws/deps.ts";
import { idempotent } from "#shared/aws/idempotency.ts";
import { registerUnlessRepeat } from "#shared/cases/repeats.ts";
import { admitSubmission } from "#shared/cases/submission-limit.ts";
import type { Petition } from "#shared/domain/petition.ts";
import { httpHandler } from "#shared/http/handler.ts";
import { requests } from "#shared/specs/requests.ts";
import { nowMs } from "#shared/time.ts";

requireEnvironment("submitPetition");

type Submitted = Awaited<ReturnType<typeof registerUnlessRepeat>>;

interface Caller {
	ip: string;
	/** Called once the submission is written (a case, or a repeat on the original). */
	written: (r: Submitted) => void;
}

/** A new submission: counted against the address's limit, given back if nothing was written. */
async function submit(petition: Petition, caller: Caller): Promise<Submitted> {
	const deps = caseDeps();
	const admission = await admitSubmission(deps.limiter, caller.ip, nowMs());
	let r: Submitted;
	try {
		r = await registerUnlessRepeat(deps, { petition, channel: "online", actorRole: "petitioner" });
	} catch (err) {
		await admission?.refund().catch(() => undefined);
		throw err;
	}
	caller.written(r);
	return r;
}

const submitOnce = idempotent("submit-petition", submit);

export const handler = httpHandler(requests.submitPetition, async ({ body, headers, sourceIp }, context) => {
	const key = headers["idempotency-key"];
	// Once the case is written the answer carries it, even if keeping the idempotency record then fails.
	let made: Submitted | undefined;
	const caller: Caller = {
		ip: sourceIp,
		written: (r) => {
			made = r;
		},
	};
	let r: Submitted;
	try {
		r = key ? await submitOnce(key, body, context, caller) : await submit(body, caller);
	} catch (err) {
		if (!made) throw err;
		r = made;
	}
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
