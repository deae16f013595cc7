/** GET /v1/petitions/{caseId} — tracking by case number and query code (查询码). */
import { z } from "zod";
import { documentClient, tableName } from "#shared/aws/clients.ts";
import { petitionerView } from "#shared/cases/views.ts";
import { queryCodeMatches } from "#shared/domain/ids.ts";
import { NotFoundError } from "#shared/http/errors.ts";
import { httpHandler } from "#shared/http/handler.ts";
import { casesTable } from "#shared/specs/tables.ts";
import { dynamoCaseStore } from "#shared/store/dynamodb-case-store.ts";

const store = dynamoCaseStore(documentClient(), tableName(casesTable));

/** A wrong code answers exactly like a missing case, so codes cannot be probed per case. */
const notFound = () => new NotFoundError("未找到该案件，或查询码不正确");

export const handler = httpHandler(
	{
		params: z.object({ caseId: z.string().max(40) }),
		headers: z.object({ "x-query-code": z.string().trim().min(1, "请提供查询码（X-Query-Code）").max(64) }),
	},
	async ({ params, headers }) => {
		const kase = await store.get(params.caseId.toUpperCase());
		if (!kase || !queryCodeMatches(kase.caseId, headers["x-query-code"], kase.queryCodeHash)) throw notFound();
		return { status: 200, body: petitionerView(kase) };
	},
);
