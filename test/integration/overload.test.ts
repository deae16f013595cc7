/**
 * Overload sheds, never fails: a burst of submissions larger than the gateway takes at once is answered
 * 201 or a fast 503 with Retry-After in the error shape — never a 500 — and a request that answered an
 * error wrote no case. Retrying the 503s with their Idempotency-Keys then gives every petitioner a case,
 * each exactly once.
 */
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentClient, tableName } from "#shared/aws/clients.ts";
import { casesTable } from "#shared/specs/tables.ts";
import type { LocalSystem } from "#local/system.ts";
import { samplePetition, startTestSystem } from "../support/system.ts";

let system: LocalSystem;
beforeAll(async () => {
	system = await startTestSystem();
});
afterAll(() => system.stop());

async function caseIds(): Promise<Set<string>> {
	const ids = new Set<string>();
	let start: Record<string, unknown> | undefined;
	do {
		const out = await documentClient().send(
			new ScanCommand({
				TableName: tableName(casesTable),
				FilterExpression: "sk = :c",
				ExpressionAttributeValues: { ":c": "CASE" },
				ExclusiveStartKey: start,
			}),
		);
		for (const item of out.Items ?? []) ids.add(item.caseId as string);
		start = out.LastEvaluatedKey;
	} while (start);
	return ids;
}

/** One petition per key (each another petitioner), the same body on every retry of that key. */
const bodies = new Map<string, string>();
const bodyOf = (key: string) => {
	if (!bodies.has(key)) bodies.set(key, JSON.stringify(samplePetition({ title: `并发提交 ${key}` })));
	return bodies.get(key) as string;
};

async function submit(key: string) {
	const t0 = performance.now();
	const res = await fetch(`${system.url}/v1/petitions`, {
		method: "POST",
		headers: { "content-type": "application/json", "idempotency-key": key },
		body: bodyOf(key),
	});
	const text = await res.text();
	return {
		key,
		status: res.status,
		retryAfter: res.headers.get("retry-after"),
		body: JSON.parse(text) as any,
		ms: performance.now() - t0,
	};
}

describe("a burst of 300 submissions", () => {
	it("is answered 201 or 503 + Retry-After, never 5xx otherwise; errors wrote nothing; retries with the same keys give each one case", async () => {
		const keys = Array.from({ length: 300 }, (_, i) => `burst-${String(i).padStart(4, "0")}-key`);
		const t0 = Date.now();
		const first = await Promise.all(keys.map(submit));
		const elapsed = Date.now() - t0;
		const statuses = first.reduce<Record<number, number>>((m, r) => {
			m[r.status] = (m[r.status] ?? 0) + 1;
			return m;
		}, {});
		const shed = first
			.filter((r) => r.status === 503)
			.map((r) => r.ms)
			.sort((x, y) => x - y);
		const pct = (p: number) =>
			shed.length ? shed[Math.min(shed.length - 1, Math.floor(p * shed.length))]?.toFixed(0) : "-";
		console.log(
			`300 parallel submissions: ${JSON.stringify(statuses)} in ${elapsed} ms; 503 answered in p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`,
		);
		for (const r of first) {
			expect([201, 503], JSON.stringify(r.body)).toContain(r.status);
			if (r.status === 503) {
				expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
				expect(r.body.error.code).toBe("SERVICE_UNAVAILABLE");
			}
		}
		// What answered 201 was written; what answered an error was not.
		const written = await caseIds();
		const created = first.filter((r) => r.status === 201).map((r) => r.body.caseId as string);
		expect(new Set(created)).toEqual(written);

		// The form's behaviour: send the 503s again with the same key after Retry-After, until answered.
		let pending = first.filter((r) => r.status !== 201).map((r) => r.key);
		const byKey = new Map(first.filter((r) => r.status === 201).map((r) => [r.key, r.body.caseId as string]));
		for (let round = 0; pending.length && round < 20; round++) {
			await new Promise((r) => setTimeout(r, 200));
			const again = await Promise.all(pending.map(submit));
			for (const r of again) {
				expect([201, 503]).toContain(r.status);
				if (r.status === 201) byKey.set(r.key, r.body.caseId);
			}
			pending = again.filter((r) => r.status !== 201).map((r) => r.key);
		}
		expect(pending).toEqual([]);
		expect(byKey.size).toBe(300);
		const all = await caseIds();
		expect(all.size).toBe(300);
		expect(new Set(byKey.values())).toEqual(all);
	}, 180_000);
});
