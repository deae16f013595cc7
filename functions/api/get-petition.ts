/** GET /v1/petitions/{caseId} — tracking by case number and query code (查询码). */
import { z } from "zod";
import { caseDeps } from "#shared/aws/deps.ts";
import { caseForPetitioner } from "#shared/cases/petitioner-access.ts";
import { petitionerView } from "#shared/cases/views.ts";
import { httpHandler } from "#shared/http/handler.ts";

export const petitionerRequest = {
	params: z.object({ caseId: z.string().max(40) }),
	headers: z.object({ "x-query-code": z.string().trim().min(1, "请提供查询码（X-Query-Code）").max(64) }),
};

export const handler = httpHandler(petitionerRequest, async ({ params, headers, sourceIp }) => {
	const kase = await caseForPetitioner(caseDeps().store, params.caseId, headers["x-query-code"], sourceIp);
	return { status: 200, body: petitionerView(kase) };
});
