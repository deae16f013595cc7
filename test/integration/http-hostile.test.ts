/**
 * Hostile paths, protocol and text: whatever arrives in the path, the query or the headers of any route,
 * the answer is a 4xx (or 2xx) in the api.md error shape, never a 5xx. Text fields refuse control
 * characters and bidirectional overrides with a 400 naming the field.
 */
import { connect } from "node:net";
import { request } from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routes } from "#shared/specs/routes.ts";
import type { LocalSystem } from "#local/system.ts";
import { api } from "../support/api.ts";
import { postJson, samplePetition, startTestSystem } from "../support/system.ts";

let system: LocalSystem;
let staffToken: string;
beforeAll(async () => {
	system = await startTestSystem();
	staffToken = await api(system).token("admin", "431100");
});
afterAll(() => system.stop());

interface RawReply {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	text: string;
}

/** One request with the path and headers exactly as given (fetch would normalize them). */
function raw(method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<RawReply> {
	const { port } = new URL(system.url);
	return new Promise((resolve, reject) => {
		const req = request({ host: "127.0.0.1", port, method, path, headers, agent: false }, (res) => {
			const chunks: Buffer[] = [];
			res.on("data", (c: Buffer) => chunks.push(c));
			res.on("end", () =>
				resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }),
			);
			res.on("error", reject);
		});
		req.on("error", reject);
		req.end(body);
	});
}

/** Bytes straight onto a socket: for requests Node's own client refuses to send. */
function rawSocket(bytes: string): Promise<string> {
	const { port } = new URL(system.url);
	return new Promise((resolve, reject) => {
		const socket = connect(Number(port), "127.0.0.1", () => socket.write(bytes));
		const chunks: Buffer[] = [];
		socket.on("data", (c: Buffer) => chunks.push(c));
		socket.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
		socket.on("error", reject);
	});
}

function expectErrorShape(r: RawReply) {
	expect(r.status, r.text).toBeLessThan(500);
	if (r.status >= 400) {
		const body = JSON.parse(r.text) as { error?: { code?: unknown; message?: unknown } };
		expect(typeof body.error?.code).toBe("string");
		expect(typeof body.error?.message).toBe("string");
	}
}

const caseRoutes = routes.filter((r) => r.path.includes("{caseId}"));

describe("paths", () => {
	for (const bad of ["%ZZ", "%", "%C0%AF", "%00", "XF%00", "%E2%80%AE", "a".repeat(300)]) {
		it(`a case id of ${JSON.stringify(bad.slice(0, 12))} on every {caseId} route → 400/404 in the error shape`, async () => {
			for (const route of caseRoutes) {
				const r = await raw(
					route.method,
					route.path.replace("{caseId}", bad),
					{
						"x-query-code": "ABCDEFGHJK",
						authorization: `Bearer ${staffToken}`,
						"content-type": "application/json",
					},
					route.method === "POST" ? "{}" : undefined,
				);
				expect([400, 404], `${route.method} ${route.path}: ${r.text}`).toContain(r.status);
				expectErrorShape(r);
			}
		});
	}

	it("a request Node's parser refuses (two different Content-Length headers) is answered in the error shape", async () => {
		const reply = await rawSocket(
			"POST /v1/petitions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}",
		);
		expect(reply).toMatch(/^HTTP\/1\.1 400 /);
		const body = JSON.parse(reply.slice(reply.indexOf("\r\n\r\n") + 4)) as { error: { code: string } };
		expect(body.error.code).toBe("BAD_REQUEST");
	});
});

describe("text fields refuse control characters and bidi overrides, naming the field", () => {
	const refused: [string, Record<string, unknown>, string][] = [
		["title with NUL and U+202E", { title: "\u0000\u202e<script>alert(1)</script>" }, "title"],
		["title with a line break", { title: "第一行\n第二行" }, "title"],
		["content with U+2066", { content: "请求\u2066修复排水" }, "content"],
		["content with a vertical tab", { content: "请求\u000b修复排水" }, "content"],
		[
			"a name with U+202A",
			{ petitioner: { name: "张\u202a三", idNumber: "11010519491231002X", phone: "13800138000" } },
			"petitioner.name",
		],
		[
			"an address with DEL",
			{ petitioner: { name: "张三", idNumber: "11010519491231002X", phone: "13800138000", address: "塔峰镇\u007f" } },
			"petitioner.address",
		],
	];
	for (const [what, overrides, field] of refused) {
		it(`${what} → 400 naming ${field}`, async () => {
			const r = await postJson(`${system.url}/v1/petitions`, samplePetition(overrides));
			expect(r.status).toBe(400);
			expect(r.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(field);
		});
	}

	it("long text keeps tabs and line breaks", async () => {
		const r = await postJson(
			`${system.url}/v1/petitions`,
			samplePetition({ content: "请求：修复排水。\n事实：\t雨后积水半月。\r\n理由：影响出行。" }),
		);
		expect(r.status).toBe(201);
	});
});

describe("property: any path, query and headers on any route → never a 5xx, always the error shape", () => {
	const junk = fc.constantFrom(
		"%",
		"%ZZ",
		"%C0%AF",
		"%00",
		"%E2%80%AE",
		"%2F",
		"..",
		"%FF%FE",
		"XF431127-2024-ABCDEFGH",
		"",
	);
	const segment = fc
		.array(
			fc.oneof(
				junk,
				fc.stringMatching(/^[A-Za-z0-9._~-]{0,12}$/),
				fc.string({ unit: "binary", maxLength: 12 }).map(encodeURIComponent),
			),
			{ maxLength: 6 },
		)
		.map((parts) => parts.join(""));
	const queryPart = fc.array(
		fc.tuple(
			fc.oneof(
				fc.constantFrom("status", "stage", "limit", "cursor", "region", "year", "month", "overdue", "unit"),
				segment,
			),
			segment,
		),
		{
			maxLength: 4,
		},
	);
	const headerValue = fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,40}$/);
	const headers = fc.record(
		{
			"x-query-code": headerValue,
			"idempotency-key": headerValue,
			authorization: fc.oneof(headerValue, fc.constant("staff")),
			"content-type": fc.oneof(headerValue, fc.constant("application/json")),
			accept: headerValue,
		},
		{ requiredKeys: [] },
	);

	it("holds for 150 random requests", async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(...routes),
				segment,
				queryPart,
				headers,
				fc.option(fc.string({ maxLength: 40 })),
				async (route, seg, query, hdrs, body) => {
					const path = route.path.replace("{caseId}", seg || "x");
					const qs = query.map(([k, v]) => `${k}=${v}`).join("&");
					const h: Record<string, string> = { ...hdrs };
					if (h.authorization === "staff") h.authorization = `Bearer ${staffToken}`;
					const r = await raw(
						route.method,
						qs ? `${path}?${qs}` : path,
						h,
						route.method === "POST" ? (body ?? "") : undefined,
					);
					expectErrorShape(r);
				},
			),
			{ numRuns: 150 },
		);
	});
});
