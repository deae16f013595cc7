/** GET /openapi.json — the OpenAPI 3.1 document of this API. */
import { httpHandler } from "#shared/http/handler.ts";
import { openApiDocument } from "#shared/http/openapi.ts";
import { requests } from "#shared/specs/requests.ts";

let document: ReturnType<typeof openApiDocument> | undefined;

export const handler = httpHandler(requests.getOpenApi, async () => {
	document ??= openApiDocument();
	return { status: 200, body: document };
});
