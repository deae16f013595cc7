/** GET /v1/petitions/{caseId} — tracking by case number and query code (查询码). */
import { requireEnvironment } from "#shared/aws/env.ts";
import { caseDeps, evidenceUrls } from "#shared/aws/deps.ts";
import { evidenceLinks } from "#shared/cases/evidence.ts";
import { caseForPetitioner } from "#shared/cases/petitioner-access.ts";
import { petitionerView } from "#shared/cases/views.ts";
import { httpHandler } from "#shared/http/handler.ts";
import { requests } from "#shared/specs/requests.ts";

requireEnvironment("getPetition");

export const handler = httpHandler(requests.getPetition, async ({ params, headers, sourceIp }) => {
	const kase = await caseForPetitioner(caseDeps(), params.caseId, headers["x-query-code"], sourceIp);
	return { status: 200, body: { ...petitionerView(kase), evidence: await evidenceLinks(evidenceUrls(), kase) } };
});
