/**
 * Rate limits under concurrency: query-code guessing per address and per case (an atomic increment
 * before the code is compared, on a sliding window), and online submissions per address.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessLimit, caseAccessLimit } from "#shared/cases/petitioner-access.ts";
import type { LocalSystem } from "#local/system.ts";
import { api } from "../support/api.ts";
import { samplePetition, startTestSystem } from "../support/system.ts";

let system: LocalSystem;
// One minute before a 10-minute window boundary (windows are aligned to the epoch).
const start = "2024-05-06T01:09:00Z";
beforeAll(async () => {
	system = await startTestSystem({ clock: "virtual", start });
});
afterAll(() => system.stop());

/** A request from a chosen loopback address (127.0.0.0/8 all reach the gateway). */
function from(
	address: string,
	method: string,
	path: string,
	headers: Record<string, string>,
	body?: string,
): Promise<{ status: number; retryAfter?: string; body: any }> {
	const { port } = new URL(system.url);
	return new Promise((resolve, reject) => {
		const req = request(
			{ host: "127.0.0.1", port, method, path, headers, localAddress: address, agent: false },
			(res) => {
				let text = "";
				res.setEncoding("utf8");
				res.on("data", (c: string) => {
					text += c;
				});
				res.on("end", () =>
					resolve({
						status: res.statusCode ?? 0,
						retryAfter: res.headers["retry-after"] as string | undefined,
						body: text ? JSON.parse(text) : undefined,
					}),
				);
			},
		);
		req.on("error", reject);
		req.end(body);
	});
}

const track = (address: string, caseId: string, code: string) =>
	from(address, "GET", `/v1/petitions/${caseId}`, { "x-query-code": code });
function tally(rs: { status: number }[]): Record<number, number> {
	const counts: Record<number, number> = {};
	for (const r of rs) counts[r.status] = (counts[r.status] ?? 0) + 1;
	return counts;
}

describe("query-code guessing", () => {
	it(`200 parallel wrong codes from one address: at most ${accessLimit.failures} are compared, the rest 429 with Retry-After`, async () => {
		const c = await api(system).submit();
		const replies = await Promise.all(
			Array.from({ length: 200 }, (_, i) => track("127.0.0.2", c.caseId, `WRONG${String(i).padStart(5, "0")}`)),
		);
		const counts = tally(replies);
		console.log("200 parallel wrong codes from one address:", JSON.stringify(counts));
		// 503: shed by the gateway before any handler ran (more requests in flight than it takes at once).
		expect((counts[404] ?? 0) + (counts[429] ?? 0) + (counts[503] ?? 0)).toBe(200);
		expect(counts[404] ?? 0).toBeLessThanOrEqual(accessLimit.failures);
		expect(counts[404] ?? 0).toBeGreaterThan(0);
		for (const r of replies.filter((x) => x.status === 429 || x.status === 503))
			expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
	});

	it("the window slides: guesses just after the fixed boundary are still refused", async () => {
		const c = await api(system).submit();
		const before = await Promise.all(
			Array.from({ length: accessLimit.failures }, (_, i) => track("127.0.0.3", c.caseId, `EDGE${i}`)),
		);
		expect(tally(before)[404]).toBe(accessLimit.failures);
		await fetch(`${system.url}/local/clock/advance`, {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ seconds: 61 }),
		});
		const after = await Promise.all(
			Array.from({ length: accessLimit.failures }, (_, i) => track("127.0.0.3", c.caseId, `EDGE2${i}`)),
		);
		expect(tally(after)[404] ?? 0).toBeLessThanOrEqual(1);
	});

	it(`guesses on one case from many addresses: at most ${caseAccessLimit.failures} are compared`, async () => {
		const c = await api(system).submit();
		const addresses = Array.from({ length: 6 }, (_, i) => `127.0.1.${i + 1}`);
		const replies = await Promise.all(
			addresses.flatMap((a) => Array.from({ length: 20 }, (_, i) => track(a, c.caseId, `MANY${a}-${i}`))),
		);
		const counts = tally(replies);
		expect((counts[404] ?? 0) + (counts[429] ?? 0) + (counts[503] ?? 0)).toBe(120);
		expect(counts[404] ?? 0).toBeLessThanOrEqual(caseAccessLimit.failures);
	});

	it("a right code is not a failure: a petitioner can look up a case again and again", async () => {
		const c = await api(system).submit();
		for (let i = 0; i < accessLimit.failures + 5; i++)
			expect((await track("127.0.0.4", c.caseId, c.queryCode)).status).toBe(200);
	});
});

describe("online submissions per address", () => {
	it("beyond the limit → 429 with Retry-After; a retry with the same Idempotency-Key still gets its case; other addresses are unaffected", async () => {
		const saved = process.env.SUBMISSION_LIMITS;
		process.env.SUBMISSION_LIMITS = "3/60,10/86400";
		try {
			// One petition per key (each another person's), sent again as it was under its key.
			const bodies = new Map<string, string>();
			const submit = (address: string, key: string) => {
				if (!bodies.has(key)) bodies.set(key, JSON.stringify(samplePetition()));
				return from(
					address,
					"POST",
					"/v1/petitions",
					{ "content-type": "application/json", "idempotency-key": key },
					bodies.get(key),
				);
			};
			const replies = [];
			for (let i = 0; i < 5; i++) replies.push(await submit("127.0.2.1", `limit-key-${i}-0000`));
			expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 429, 429]);
			expect(replies[3]?.body.error.code).toBe("TOO_MANY_REQUESTS");
			expect(Number(replies[3]?.retryAfter)).toBeGreaterThanOrEqual(1);
			const again = await submit("127.0.2.1", "limit-key-0-0000");
			expect(again.status, JSON.stringify(again.body)).toBe(201);
			expect(again.body.caseId).toBe(replies[0]?.body.caseId);
			expect((await submit("127.0.2.2", "limit-key-other-0")).status).toBe(201);
		} finally {
			if (saved === undefined) delete process.env.SUBMISSION_LIMITS;
			else process.env.SUBMISSION_LIMITS = saved;
		}
	});
});
