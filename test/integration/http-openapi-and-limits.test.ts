import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessLimit } from "#shared/cases/petitioner-access.ts";
import { routes } from "#shared/specs/routes.ts";
import type { LocalSystem } from "#local/system.ts";
import { api } from "../support/api.ts";
import { startTestSystem } from "../support/system.ts";

let system: LocalSystem;
beforeAll(async () => {
	system = await startTestSystem();
});
afterAll(() => system.stop());

describe("GET /openapi.json", () => {
	it("lists every route of the route table with its method, and the JSON schema of each body", async () => {
		const res = await fetch(`${system.url}/openapi.json`);
		expect(res.status).toBe(200);
		const doc = (await res.json()) as any;
		expect(doc.openapi).toBe("3.1.0");
		for (const r of routes) expect(doc.paths[r.path]?.[r.method.toLowerCase()]?.operationId).toBe(r.function);
		const submit = doc.paths["/v1/petitions"].post;
		expect(submit.requestBody.content["application/json"].schema.required).toEqual(
			expect.arrayContaining(["petitioner", "region", "title", "content"]),
		);
		expect(submit.parameters).toEqual([
			expect.objectContaining({ name: "idempotency-key", in: "header", required: false }),
		]);
		const act = doc.paths["/v1/cases/{caseId}/actions"].post;
		expect(act.security).toEqual([{ staffJwt: [] }]);
		expect(act.requestBody.content["application/json"].schema.oneOf.map((o: any) => o.properties.type.const)).toContain(
			"review_decision",
		);
	});
});

describe("tracking is rate limited per address", () => {
	it(`after ${accessLimit.failures} wrong codes from one address, even the right code is refused with 429 for a while`, async () => {
		const a = api(system);
		const c = await a.submit();
		for (let i = 0; i < accessLimit.failures; i++) expect((await a.track(c.caseId, `WRONG${i}`)).status).toBe(404);
		const blocked = await fetch(`${system.url}/v1/petitions/${c.caseId}`, { headers: { "x-query-code": c.queryCode } });
		expect(blocked.status).toBe(429);
		const wait = Number(blocked.headers.get("retry-after"));
		expect(wait).toBeGreaterThanOrEqual(1);
		expect(wait).toBeLessThanOrEqual(accessLimit.windowSeconds);
		expect(((await blocked.json()) as any).error.code).toBe("TOO_MANY_REQUESTS");
	});
});
