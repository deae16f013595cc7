/** The HTTP API's `$default` route: a request no route takes gets the api.md error body (404 or 405). */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { requireEnvironment } from "#shared/aws/env.ts";
import { toErrorResponse } from "#shared/http/errors.ts";
import { unmatchedRoute } from "#shared/http/unmatched.ts";
import { routes } from "#shared/specs/routes.ts";

requireEnvironment("routeNotFound");

export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
	const { status, body } = toErrorResponse(unmatchedRoute(routes, event.requestContext.http.method, event.rawPath));
	return {
		statusCode: status,
		headers: { "content-type": "application/json; charset=utf-8" },
		body: JSON.stringify(body),
	};
};
