import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalSystem } from "#local/system.ts";
import { startTestSystem } from "../support/system.ts";

let system: LocalSystem;
beforeAll(async () => {
	system = await startTestSystem();
});
afterAll(() => system.stop());

/** A raw request: the path goes out exactly as written (fetch would normalise `..` away first). */
function raw(
	method: string,
	path: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
	const { hostname, port } = new URL(system.url);
	return new Promise((resolve, reject) => {
		const req = httpRequest({ host: hostname, port, method, path }, (res) => {
			const chunks: Buffer[] = [];
			res.on("data", (c: Buffer) => chunks.push(c));
			res.on("end", () =>
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
			);
		});
		req.on("error", reject);
		req.end();
	});
}

describe("the web pages of the local home", () => {
	it.each([
		["/web/", "text/html; charset=utf-8", "网上信访"],
		["/web/index.html", "text/html; charset=utf-8", "请妥善保存查询码"],
		["/web/track.html", "text/html; charset=utf-8", "查询办理进度"],
		["/web/workbench.html", "text/html; charset=utf-8", "工作台"],
		["/web/dashboard.html", "text/html; charset=utf-8", "统计"],
		["/web/style.css", "text/css; charset=utf-8", ":root"],
		["/web/js/page-petition.js", "text/javascript; charset=utf-8", "Idempotency"],
		["/web/js/petition-form.js", "text/javascript; charset=utf-8", "buildPetitionBody"],
	])("GET %s answers 200 with %s", async (path, type, text) => {
		const r = await raw("GET", path);

		expect(r.status).toBe(200);
		expect(r.headers["content-type"]).toBe(type);
		expect(r.headers["x-content-type-options"]).toBe("nosniff");
		expect(r.body).toContain(text);
	});

	it("HEAD answers the headers without a body", async () => {
		const r = await raw("HEAD", "/web/index.html");

		expect(r.status).toBe(200);
		expect(r.headers["content-type"]).toBe("text/html; charset=utf-8");
		expect(Number(r.headers["content-length"])).toBeGreaterThan(0);
		expect(r.body).toBe("");
	});

	it("GET / redirects to /web/, and /web to /web/", async () => {
		const root = await raw("GET", "/");
		const web = await raw("GET", "/web");

		expect(root.status).toBe(302);
		expect(root.headers.location).toBe("/web/");
		expect(web.status).toBe(301);
		expect(web.headers.location).toBe("/web/");
	});

	it("the root mount does not shadow the API", async () => {
		const openapi = await raw("GET", "/openapi.json");
		const unknown = await raw("GET", "/v1/nothing-here");

		expect(openapi.status).toBe(200);
		expect(JSON.parse(openapi.body)).toHaveProperty("openapi");
		expect(unknown.status).toBe(404);
		expect(JSON.parse(unknown.body)).toMatchObject({ error: { code: "NOT_FOUND" } });
	});

	it.each([
		"/web/../package.json",
		"/web/%2e%2e/package.json",
		"/web/%2E%2E/%2E%2E/etc/passwd",
		"/web/..%2fpackage.json",
		"/web/..%2Fpackage.json",
		"/web/js/..%2f..%2fpackage.json",
		"/web/..%5cpackage.json",
		"/web/%2e%2e%2fpackage.json",
		"/web/....//package.json",
		"/web/js/%2e%2e/%2e%2e/local/static.ts",
		"/web/%00index.html",
		"/web/%E0%A4%A",
		"/web/.hidden",
		"/web/missing.html",
		"/web/js/",
	])("a traversal or missing path (%s) answers 404 in the API's error shape, never file contents", async (path) => {
		const r = await raw("GET", path);

		expect(r.status).toBe(404);
		expect(r.headers["content-type"]).toBe("application/json; charset=utf-8");
		expect(JSON.parse(r.body)).toMatchObject({ error: { code: "NOT_FOUND", message: expect.any(String) } });
		expect(r.body).not.toContain('"name": "xinfang"');
		expect(r.body).not.toContain("root:");
		expect(r.body).not.toContain("staticFiles");
	});

	it.each(["POST", "PUT", "DELETE"])("%s on a page answers 405 in the API's error shape", async (method) => {
		const r = await raw(method, "/web/index.html");

		expect(r.status).toBe(405);
		expect(JSON.parse(r.body)).toMatchObject({ error: { code: "METHOD_NOT_ALLOWED" } });
	});

	it("POST / is not redirected", async () => {
		const r = await raw("POST", "/");

		expect(r.status).toBe(405);
		expect(JSON.parse(r.body)).toMatchObject({ error: { code: "METHOD_NOT_ALLOWED" } });
	});
});
