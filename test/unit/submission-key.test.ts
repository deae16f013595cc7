import { describe, expect, it } from "vitest";
import {
	answerOf,
	caseRecord,
	repeatRecord,
	sealQueryCode,
	submissionKey,
	unsealQueryCode,
} from "#shared/cases/submission-key.ts";
import { newQueryCode } from "#shared/domain/ids.ts";

const caseId = "XF431127-2026-7K3M9Q2P";

describe("a submission's idempotency record", () => {
	it("keeps the query code sealed: the client's key gives it back, another key does not", () => {
		for (let i = 0; i < 200; i++) {
			const code = newQueryCode();
			const sealed = sealQueryCode(`key-${i}-abcdefgh`, caseId, code);
			expect(sealed).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
			expect(unsealQueryCode(`key-${i}-abcdefgh`, caseId, sealed)).toBe(code);
			expect(unsealQueryCode(`key-${i}-abcdefgX`, caseId, sealed)).not.toBe(code);
		}
	});

	it("stores neither the key nor the code in clear", () => {
		const key = submissionKey("submit-petition", "my-secret-key-123", { title: "t" });
		const record = caseRecord(key, {
			caseId,
			queryCode: "ABCDEFGH12",
			status: "open",
			stage: "acceptance",
			dueAt: "2026-12-15T15:59:59.999Z",
		});
		const stored = JSON.stringify(record);
		expect(stored).not.toContain("my-secret-key-123");
		expect(stored).not.toContain("ABCDEFGH12");
		expect(record.expiration * 1000).toBeGreaterThan(Date.now() + 23 * 3600_000);
		expect(answerOf(key, record)).toEqual({
			caseId,
			queryCode: "ABCDEFGH12",
			status: "open",
			stage: "acceptance",
			dueAt: "2026-12-15T15:59:59.999Z",
		});
	});

	it("answers a repeat as a repeat, and refuses another request under the same key", () => {
		const key = submissionKey("submit-petition", "key-of-a-repeat", { title: "t" });
		const record = repeatRecord(key, { repeatOf: caseId, repeats: 2 });
		expect(answerOf(key, record)).toEqual({ repeatOf: caseId, repeats: 2 });
		const other = submissionKey("submit-petition", "key-of-a-repeat", { title: "another" });
		expect(() => answerOf(other, record)).toThrow(expect.objectContaining({ name: "IdempotencyKeyReused" }));
	});
});
