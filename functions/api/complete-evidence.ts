/** POST /v1/petitions/{caseId}/evidence/{evidenceId}/complete — checks the uploaded file and keeps it, or deletes it and says why. */
import { caseDeps, evidenceFiles } from "#shared/aws/deps.ts";
import { requireEnvironment } from "#shared/aws/env.ts";
import { completeUpload } from "#shared/cases/evidence.ts";
import { caseForPetitioner } from "#shared/cases/petitioner-access.ts";
import { httpHandler } from "#shared/http/handler.ts";
import { requests } from "#shared/specs/requests.ts";

requireEnvironment("completeEvidence");

export const handler = httpHandler(requests.completeEvidence, async ({ params, headers, sourceIp }) => {
	const deps = caseDeps();
	const kase = await caseForPetitioner(deps, params.caseId, headers["x-query-code"], sourceIp);
	const evidence = await completeUpload({ store: deps.store, files: evidenceFiles() }, kase, params.evidenceId);
	return {
		status: 200,
		body: { id: evidence.id, name: evidence.name, type: evidence.type, size: evidence.size, status: evidence.status },
	};
});
