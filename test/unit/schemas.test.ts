import { describe, expect, it } from "vitest";
import { caseIdSchema } from "#shared/domain/case.ts";
import { hashQueryCode, newCaseId, newQueryCode, queryCodeMatches, regionOfCaseId } from "#shared/domain/ids.ts";
import { petitionSchema, registrationSchema } from "#shared/domain/petition.ts";
import { samplePetition } from "../support/system.ts";

describe("petition schema", () => {
	it("accepts the online form and normalises the ID's x to X", () => {
		const p = samplePetition();
		p.petitioner.idNumber = "11010519491231002x";
		const r = petitionSchema.parse(p);
		expect(r.petitioner.idNumber).toBe("11010519491231002X");
	});

	it("names every invalid field", () => {
		const r = petitionSchema.safeParse({
			...samplePetition({ region: "999999", title: "" }),
			petitioner: { name: "", idNumber: "1", phone: "2" },
		});
		expect(r.success).toBe(false);
		const paths = r.error?.issues.map((i) => i.path.join(".")).sort();
		expect(paths).toEqual(["petitioner.idNumber", "petitioner.name", "petitioner.phone", "region", "title"]);
	});

	it("refuses unknown fields, a city code as the region, and a bad category", () => {
		expect(petitionSchema.safeParse(samplePetition({ extra: 1 })).success).toBe(false);
		expect(petitionSchema.safeParse(samplePetition({ region: "431100" })).success).toBe(false);
		expect(petitionSchema.safeParse(samplePetition({ category: "praise" })).success).toBe(false);
	});

	it("requires channel letter|visit and an ISO time for staff registration", () => {
		expect(
			registrationSchema.safeParse({ ...samplePetition(), channel: "letter", receivedAt: "2024-03-01T09:00:00+08:00" })
				.success,
		).toBe(true);
		expect(
			registrationSchema.safeParse({ ...samplePetition(), channel: "online", receivedAt: "2024-03-01T09:00:00+08:00" })
				.success,
		).toBe(false);
		expect(
			registrationSchema.safeParse({ ...samplePetition(), channel: "visit", receivedAt: "yesterday" }).success,
		).toBe(false);
	});
});

describe("case ids and query codes", () => {
	it("embeds region and the China-time year of receipt", () => {
		// 2023-12-31T17:00Z is already 2024-01-01 in China Standard Time.
		const id = newCaseId("431127", Date.parse("2023-12-31T17:00:00Z"));
		expect(id).toMatch(/^XF431127-2024-[0-9A-Z]{8}$/);
		expect(caseIdSchema.safeParse(id).success).toBe(true);
		expect(regionOfCaseId(id)).toBe("431127");
	});

	it("makes distinct ids and codes of at least 8 characters", () => {
		const ids = new Set(Array.from({ length: 1000 }, () => newCaseId("431127", Date.now())));
		expect(ids.size).toBe(1000);
		const code = newQueryCode();
		expect(code.length).toBeGreaterThanOrEqual(8);
	});

	it("matches a code against its stored hash, case-insensitively, and nothing else", () => {
		const code = newQueryCode();
		const h = hashQueryCode("XF431127-2024-ABCDEFGH", code);
		expect(h).not.toContain(code);
		expect(queryCodeMatches("XF431127-2024-ABCDEFGH", code.toLowerCase(), h)).toBe(true);
		expect(queryCodeMatches("XF431127-2024-ABCDEFGH", "WRONGCODE1", h)).toBe(false);
		expect(queryCodeMatches("XF431127-2024-ABCDEFGJ", code, h)).toBe(false);
	});
});
