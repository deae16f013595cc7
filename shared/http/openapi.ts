/** The OpenAPI 3.1 document, generated from the route table and the request schemas. */
import * as z from "#shared/zod.ts";
import { routes } from "#shared/specs/routes.ts";
import { requests } from "#shared/specs/requests.ts";

type ZodType = z.ZodMiniType;

const jsonSchema = (schema: ZodType) => {
	const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<
		string,
		unknown
	>;
	return rest;
};

const errorSchema = {
	type: "object",
	required: ["error"],
	properties: {
		error: {
			type: "object",
			required: ["code", "message"],
			properties: { code: { type: "string", pattern: "^[A-Z_]+$" }, message: { type: "string" }, details: {} },
		},
	},
};

function parameters(schema: ZodType | undefined, where: "path" | "query" | "header") {
	if (!schema) return [];
	const s = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
	return Object.entries(s.properties ?? {}).map(([name, p]) => ({
		name,
		in: where,
		required: where === "path" || (s.required ?? []).includes(name),
		schema: p,
	}));
}

export function openApiDocument(serverUrl = "/") {
	const paths: Record<string, Record<string, unknown>> = {};
	for (const route of routes) {
		const req =
			(requests as Record<string, { body?: ZodType; params?: ZodType; query?: ZodType; headers?: ZodType }>)[
				route.function
			] ?? {};
		const op: Record<string, unknown> = {
			operationId: route.function,
			summary: route.summary,
			tags: [route.auth === "public" ? "public" : "staff"],
			parameters: [
				...parameters(req.params, "path"),
				...parameters(req.query, "query"),
				...parameters(req.headers, "header"),
			],
			responses: {
				"2XX": { description: "成功", content: { "application/json": { schema: {} } } },
				"4XX": {
					description: "请求有误",
					content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
				},
			},
		};
		if (req.body)
			op.requestBody = { required: true, content: { "application/json": { schema: jsonSchema(req.body) } } };
		if (route.auth !== "public") {
			op.security = [{ staffJwt: [] }];
			op["x-roles"] = route.auth;
		}
		paths[route.path] ??= {};
		(paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = op;
	}
	return {
		openapi: "3.1.0",
		info: {
			title: "信访案件系统 API",
			version: "1.0.0",
			description: "Public contract v1: petitioner, staff and statistics routes.",
		},
		servers: [{ url: serverUrl }],
		paths,
		components: {
			schemas: { Error: errorSchema },
			securitySchemes: { staffJwt: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
		},
	};
}
