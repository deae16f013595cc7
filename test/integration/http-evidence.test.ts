/** Evidence uploads through the real handlers and the local store: signed upload URLs, sniffed types, sizes, the five-file limit. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalSystem } from "#local/system.ts";
import { api } from "../support/api.ts";
import { postJson, startTestSystem } from "../support/system.ts";

let system: LocalSystem;
let a: ReturnType<typeof api>;

beforeAll(async () => {
	system = await startTestSystem();
	a = api(system);
});
afterAll(async () => {
	await system?.stop();
});

const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.alloc(2000, 0x20), Buffer.from("\n%%EOF\n")]);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(500, 1)]);
const exe = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(800, 0)]);

async function attach(
	caseId: string,
	code: string,
	fileName: string,
	type: string,
	bytes: Buffer,
	declaredSize = bytes.length,
) {
	const asked = await postJson(
		`${system.url}/v1/petitions/${caseId}/evidence`,
		{ fileName, type, size: declaredSize },
		{ "x-query-code": code },
	);
	if (asked.status !== 201) return { asked };
	const put = await fetch(asked.body.upload.url, { method: "PUT", headers: asked.body.upload.headers, body: bytes });
	const done = await postJson(
		`${system.url}/v1/petitions/${caseId}/evidence/${asked.body.evidenceId}/complete`,
		{},
		{ "x-query-code": code },
	);
	return { asked, put, done };
}

describe("evidence (证据材料)", () => {
	it("stores a PDF and a PNG under names it made safe; the petitioner and the staff get download links", async () => {
		const { caseId, queryCode } = await a.submit();
		const one = await attach(caseId, queryCode, "C:\\Users\\张三\\现场照片<1>.PDF", "application/pdf", pdf);
		expect(one.put?.status).toBe(200);
		expect(one.done?.status).toBe(200);
		expect(one.done?.body).toMatchObject({
			name: "现场照片1.pdf",
			type: "application/pdf",
			size: pdf.length,
			status: "stored",
		});
		expect((await attach(caseId, queryCode, "../../etc/passwd.png", "image/png", png)).done?.body.name).toBe(
			"passwd.png",
		);

		const view = await a.track(caseId, queryCode);
		expect(view.body.evidence.map((e: { name: string }) => e.name)).toEqual(["现场照片1.pdf", "passwd.png"]);
		const download = await fetch(view.body.evidence[0].url);
		expect(download.status).toBe(200);
		expect(download.headers.get("content-type")).toBe("application/pdf");
		expect(download.headers.get("content-disposition")).toContain("attachment");
		expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);

		const intake = await a.token("intake", "431127");
		const staff = await a.caseDetail(intake, caseId);
		expect(staff.body.case.evidence.map((e: { name: string }) => e.name)).toEqual(["现场照片1.pdf", "passwd.png"]);
	});

	it("refuses a file whose bytes are not the declared type, and deletes it", async () => {
		const { caseId, queryCode } = await a.submit();
		const r = await attach(caseId, queryCode, "证据.pdf", "application/pdf", exe);
		expect(r.done?.status).toBe(409);
		expect(r.done?.body.error.code).toBe("EVIDENCE_TYPE");
		expect((await a.track(caseId, queryCode)).body.evidence).toEqual([]);
		// A JPEG declared as a PNG is refused as well.
		const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 2)]);
		expect((await attach(caseId, queryCode, "x.png", "image/png", jpeg)).done?.body.error.code).toBe("EVIDENCE_TYPE");
	});

	it("enforces the size: over 10 MB is refused up front, and an upload of another size than signed is refused by the store", async () => {
		const { caseId, queryCode } = await a.submit();
		const big = await postJson(
			`${system.url}/v1/petitions/${caseId}/evidence`,
			{ fileName: "大.pdf", type: "application/pdf", size: 10 * 1024 * 1024 + 1 },
			{ "x-query-code": queryCode },
		);
		expect(big.status).toBe(400);
		const r = await attach(caseId, queryCode, "a.pdf", "application/pdf", pdf, pdf.length + 10);
		expect(r.put?.status).toBe(403);
		expect(r.done?.status).toBe(409);
		expect(r.done?.body.error.code).toBe("EVIDENCE_NOT_UPLOADED");
		const wrongType = await postJson(
			`${system.url}/v1/petitions/${caseId}/evidence`,
			{ fileName: "a.exe", type: "application/x-msdownload", size: 10 },
			{ "x-query-code": queryCode },
		);
		expect(wrongType.status).toBe(400);
	});

	it("takes at most five files, and needs the query code", async () => {
		const { caseId, queryCode } = await a.submit();
		for (let i = 0; i < 5; i++)
			expect((await attach(caseId, queryCode, `p${i}.png`, "image/png", png)).done?.status).toBe(200);
		const sixth = await attach(caseId, queryCode, "p6.png", "image/png", png);
		expect(sixth.asked.status).toBe(409);
		expect(sixth.asked.body.error.code).toBe("TOO_MANY_FILES");
		const wrongCode = await postJson(
			`${system.url}/v1/petitions/${caseId}/evidence`,
			{ fileName: "a.png", type: "image/png", size: 10 },
			{ "x-query-code": "0000000000" },
		);
		expect(wrongCode.status).toBe(404);
	});

	it("a tampered or expired upload URL is refused", async () => {
		const { caseId, queryCode } = await a.submit();
		const asked = await postJson(
			`${system.url}/v1/petitions/${caseId}/evidence`,
			{ fileName: "a.png", type: "image/png", size: png.length },
			{ "x-query-code": queryCode },
		);
		const tampered = asked.body.upload.url.replace(/size=\d+/, `size=${png.length + 1}`);
		expect(
			(
				await fetch(tampered, {
					method: "PUT",
					headers: asked.body.upload.headers,
					body: Buffer.concat([png, Buffer.from([0])]),
				})
			).status,
		).toBe(403);
		expect(
			(await fetch(asked.body.upload.url, { method: "PUT", headers: { "content-type": "application/pdf" }, body: png }))
				.status,
		).toBe(403);
	});
});
