import { PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentClient, tableName } from "#shared/aws/clients.ts";
import { caseRecord, submissionKey } from "#shared/cases/submission-key.ts";
import { petitionSchema } from "#shared/domain/petition.ts";
import { casesTable, idempotencyTable } from "#shared/specs/tables.ts";
import type { LocalSystem } from "#local/system.ts";
import { postJson, samplePetition, startTestSystem } from "../support/system.ts";

let system: LocalSystem;
beforeAll(async () => {
	system = await startTestSystem();
});
afterAll(() => system.stop());

/** Case items only: the workflow adds task and event items to existing cases in the background. */
async function countItems(spec: typeof casesTable | typeof idempotencyTable) {
	const filter =
		spec === casesTable ? { FilterExpression: "sk = :case", ExpressionAttributeValues: { ":case": "CASE" } } : {};
	const out = await documentClient().send(new ScanCommand({ TableName: tableName(spec), Select: "COUNT", ...filter }));
	return out.Count ?? 0;
}

const url = () => `${system.url}/v1/petitions`;

describe("POST /v1/petitions", () => {
	it("creates a case and answers 201 with case id, query code and status", async () => {
		const r = await postJson(url(), samplePetition());
		expect(r.status).toBe(201);
		expect(r.body).toMatchObject({
			caseId: expect.stringMatching(/^XF431127-\d{4}-/),
			status: "open",
			stage: "acceptance",
		});
		expect(r.body.queryCode).toMatch(/^[0-9A-Z]{10}$/);
		expect(r.headers.get("location")).toBe(`/v1/petitions/${r.body.caseId}`);
	});

	describe("bad input gets a clear 4xx and writes nothing", () => {
		const cases: [string, () => Promise<{ status: number; body: any }>, number, string][] = [
			["malformed JSON", () => postJson(url(), '{"petitioner": '), 400, "INVALID_JSON"],
			["a missing field", () => postJson(url(), { ...samplePetition(), title: undefined }), 400, "VALIDATION_FAILED"],
			[
				"an invalid ID number",
				() =>
					postJson(
						url(),
						samplePetition({ petitioner: { name: "李四", idNumber: "110105194912310021", phone: "13800138000" } }),
					),
				400,
				"VALIDATION_FAILED",
			],
			[
				"a wrong content type",
				async () => {
					const res = await fetch(url(), {
						method: "POST",
						headers: { "content-type": "text/plain" },
						body: JSON.stringify(samplePetition()),
					});
					return { status: res.status, body: await res.json() };
				},
				415,
				"UNSUPPORTED_MEDIA_TYPE",
			],
			[
				"an oversize body",
				() => postJson(url(), samplePetition({ content: "字".repeat(100_000) })),
				413,
				"PAYLOAD_TOO_LARGE",
			],
			[
				"an unknown route",
				async () => {
					const res = await fetch(`${system.url}/v1/petition`, {
						method: "POST",
						headers: { "content-type": "application/json" },
						body: "{}",
					});
					return { status: res.status, body: await res.json() };
				},
				404,
				"NOT_FOUND",
			],
			[
				"a wrong method",
				async () => {
					const res = await fetch(url(), {
						method: "PUT",
						headers: { "content-type": "application/json" },
						body: JSON.stringify(samplePetition()),
					});
					return { status: res.status, body: await res.json() };
				},
				405,
				"METHOD_NOT_ALLOWED",
			],
			[
				"a short Idempotency-Key",
				() => postJson(url(), samplePetition(), { "idempotency-key": "abc" }),
				400,
				"VALIDATION_FAILED",
			],
		];
		for (const [what, send, status, code] of cases) {
			it(`${what} → ${status} ${code}`, async () => {
				const before = [await countItems(casesTable), await countItems(idempotencyTable)];
				const r = await send();
				expect(r.status).toBe(status);
				expect(r.body.error.code).toBe(code);
				expect(typeof r.body.error.message).toBe("string");
				expect([await countItems(casesTable), await countItems(idempotencyTable)]).toEqual(before);
			});
		}

		it("a missing field is named in details", async () => {
			const r = await postJson(url(), { ...samplePetition(), title: undefined });
			expect(r.body.error.details.issues).toEqual([expect.objectContaining({ path: "title" })]);
		});
	});

	describe("Idempotency-Key", () => {
		it("the same key and body returns the same case and creates one", async () => {
			const key = `k-${Date.now()}-same`;
			const before = await countItems(casesTable);
			const body = samplePetition();
			const a = await postJson(url(), body, { "idempotency-key": key });
			const b = await postJson(url(), body, { "idempotency-key": key });
			expect(a.status).toBe(201);
			expect(b.status).toBe(201);
			expect(b.body).toEqual(a.body);
			expect(await countItems(casesTable)).toBe(before + 1);
		});

		it("the same key with another body is refused with 422 and creates nothing", async () => {
			const key = `k-${Date.now()}-other`;
			const a = await postJson(url(), samplePetition(), { "idempotency-key": key });
			expect(a.status).toBe(201);
			const before = await countItems(casesTable);
			const b = await postJson(url(), samplePetition({ title: "另一件事" }), { "idempotency-key": key });
			expect(b.status).toBe(422);
			expect(b.body.error.code).toBe("IDEMPOTENCY_KEY_REUSED");
			expect(await countItems(casesTable)).toBe(before);
		});

		it("a key whose record has expired (24 h) opens a new case", async () => {
			const key = `k-${Date.now()}-expired`;
			const body = samplePetition();
			// A record left from long ago: TTL deletes expired items late (DynamoDB Local never).
			await documentClient().send(
				new PutCommand({
					TableName: tableName(idempotencyTable),
					Item: {
						...caseRecord(submissionKey("submit-petition", key, petitionSchema.parse(body)), {
							caseId: "XF431127-2020-OLDCASE0",
							queryCode: "0000000000",
							status: "open",
							stage: "acceptance",
							dueAt: "2020-01-20T15:59:59.999Z",
						}),
						expiration: Math.floor(Date.now() / 1000) - 60,
					},
				}),
			);
			const before = await countItems(casesTable);
			const r = await postJson(url(), body, { "idempotency-key": key });
			expect(r.status).toBe(201);
			expect(r.body.caseId).not.toBe("XF431127-2020-OLDCASE0");
			expect(await countItems(casesTable)).toBe(before + 1);
			const again = await postJson(url(), body, { "idempotency-key": key });
			expect(again.body).toEqual(r.body);
		});
	});
});

describe("GET /v1/petitions/{caseId}", () => {
	it("shows the petitioner's view with ID and phone masked", async () => {
		const created = await postJson(url(), samplePetition());
		const res = await fetch(`${url()}/${created.body.caseId}`, { headers: { "x-query-code": created.body.queryCode } });
		expect(res.status).toBe(200);
		const view = (await res.json()) as any;
		expect(view).toMatchObject({
			caseId: created.body.caseId,
			status: "open",
			stage: "acceptance",
			dueAt: expect.any(String),
		});
		expect(view.petitioner).toEqual({
			name: "张*",
			idNumber: "110105********002X",
			phone: "138****8000",
			address: "蓝山县塔峰镇",
		});
		expect(JSON.stringify(view)).not.toContain("13800138000");
	});

	it("a wrong query code answers exactly like a missing case", async () => {
		const created = await postJson(url(), samplePetition());
		const wrong = await fetch(`${url()}/${created.body.caseId}`, { headers: { "x-query-code": "ZZZZZZZZZZ" } });
		const missing = await fetch(`${url()}/XF431127-2024-00000000`, { headers: { "x-query-code": "ZZZZZZZZZZ" } });
		expect(wrong.status).toBe(404);
		expect(missing.status).toBe(404);
		expect(await wrong.json()).toEqual(await missing.json());
	});

	it("without a query code it is a 400 naming the header", async () => {
		const created = await postJson(url(), samplePetition());
		const res = await fetch(`${url()}/${created.body.caseId}`);
		expect(res.status).toBe(400);
		expect(((await res.json()) as any).error.details.issues[0].path).toBe("x-query-code");
	});
});
