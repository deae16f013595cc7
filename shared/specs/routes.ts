/**
 * The route table: every HTTP route of the public API, its function and who may call it.
 * CDK builds the HTTP API routes from it, the local gateway serves it, the OpenAPI document lists it.
 */
import type { Role } from "#shared/http/claims.ts";
import type { FunctionName } from "#shared/specs/functions.ts";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteSpec {
	readonly method: HttpMethod;
	/** API Gateway path template, e.g. `/v1/petitions/{caseId}`. */
	readonly path: string;
	readonly function: FunctionName;
	/** "public" needs no token; otherwise the roles whose JWT may call it (checked by the authorizer). */
	readonly auth: "public" | readonly Role[];
	readonly summary: string;
}

export const routes: readonly RouteSpec[] = [
	{ method: "POST", path: "/v1/petitions", function: "submitPetition", auth: "public", summary: "网上信访提交" },
	{ method: "GET", path: "/v1/petitions/{caseId}", function: "getPetition", auth: "public", summary: "凭查询码查询办理进度" },
];
