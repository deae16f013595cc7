/** POST /v1/petitions/{caseId}/evidence — an upload URL for one evidence file (case id + query code). */
import { caseDeps, evidenceUrls } from "#shared/aws/deps.ts";
import { requireEnvironment } from "#shared/aws/env.ts";
import { requestUpload } from "#shared/cases/evidence.ts";
import { caseForPetitioner } from "#shared/cases/petitioner-access.ts";
import { httpHandler } from "#shared/http/handler.ts";
import { requests } from "#shared/specs/requests.ts";

requireEnvironment("addEvidence");

export const handler = httpHandler(requests.addEvidence, async ({ params, headers, body, sourceIp }) => {
	const deps = caseDeps();
	const kase = await caseForPetitioner(deps, params.caseId, headers["x-query-code"], sourceIp);
	const { evidence, upload } = await requestUpload({ store: deps.store, files: evidenceUrls() }, kase, body);
	return { status: 201, body: { evidenceId: evidence.id, name: evidence.name, upload } };
});
