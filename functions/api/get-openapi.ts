/** GET /openapi.json — the OpenAPI 3.1 document of this API. */
import { requireEnvironment } from "#shared/aws/env.ts";
import { httpHandler } from "#shared/http/handler.ts";
import { openApiDocument } from "#shared/http/openapi.ts";
import { requests } from "#shared/specs/requests.ts";

requireEnvironment("getOpenApi");

let document: ReturnType<typeof openApiDocument> | undefined;

export const handler = httpHandler(requests.getOpenApi, async () => {
	document ??= openApiDocument();
	return { status: 200, body: document };
});
