/**
 * The AWS `$default` route answers like the local gateway: 404 for an unknown path, 405 with the
 * allowed methods for a known path with another method, always in the API's error shape.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { handler } from "#functions/api/route-not-found.ts";

const event = (method: string, path: string) =>
	({ rawPath: path, requestContext: { http: { method, path } }, headers: {} }) as unknown as APIGatewayProxyEventV2;

describe("$default route", () => {
	it("answers an unknown path with 404 in the error shape", async () => {
		// Act
		const res = await handler(event("GET", "/v1/nothing-here"));

		// Assess
		expect(res.statusCode).toBe(404);
		expect(res.headers?.["content-type"]).toMatch(/^application\/json/);
		expect(JSON.parse(res.body!)).toEqual({ error: { code: "NOT_FOUND", message: "没有这个地址" } });
	});

	it("answers a known path with another method with 405 and the methods it takes", async () => {
		// Act
		const list = await handler(event("DELETE", "/v1/cases"));
		const one = await handler(event("PUT", "/v1/petitions/XF431127-2026-ABCDEFGH"));

		// Assess
		expect(list.statusCode).toBe(405);
		expect(JSON.parse(list.body!).error).toEqual(
			expect.objectContaining({ code: "METHOD_NOT_ALLOWED", details: { allowed: ["POST", "GET"] } }),
		);
		expect(one.statusCode).toBe(405);
		expect(JSON.parse(one.body!).error.details).toEqual({ allowed: ["GET"] });
	});
});
