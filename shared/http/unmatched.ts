/**
 * The answer to a request no route takes: 404 when no route has its path, 405 (with the methods that
 * path takes) when one does. The local gateway answers the same way; on AWS the HTTP API's `$default`
 * route sends such requests to functions/api/route-not-found.ts, so API Gateway's own
 * `{"message":"Not Found"}` never reaches a client.
 */
import { type AppError, MethodNotAllowedError, NotFoundError } from "#shared/http/errors.ts";
import type { RouteSpec } from "#shared/specs/routes.ts";

const templateRegex = (path: string) =>
	new RegExp(`^${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{(\w+)\}/g, "([^/]+)")}$`);

export function unmatchedRoute(routes: readonly RouteSpec[], method: string, path: string): AppError {
	const allowed = [...new Set(routes.filter((r) => templateRegex(r.path).test(path)).map((r) => r.method))];
	if (allowed.length === 0 || allowed.includes(method as RouteSpec["method"])) return new NotFoundError("没有这个地址");
	return new MethodNotAllowedError(allowed);
}
