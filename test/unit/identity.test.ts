import { describe, expect, it } from "vitest";
import {
	isValidMobile,
	isValidResidentId,
	maskIdNumber,
	maskName,
	maskPhone,
	residentIdCheckChar,
} from "#shared/domain/identity.ts";

describe("resident ID (GB 11643)", () => {
	it("computes the published check character of a sample number", () => {
		// The standard's worked example: 11010519491231002X
		expect(residentIdCheckChar("11010519491231002")).toBe("X");
	});

	it("accepts a number whose check character matches and rejects one digit changed", () => {
		expect(isValidResidentId("11010519491231002X")).toBe(true);
		expect(isValidResidentId("11010519491231003X")).toBe(false);
	});

	it("rejects wrong length, letters inside and impossible birth dates", () => {
		expect(isValidResidentId("1101051949123100")).toBe(false);
		expect(isValidResidentId("1101051949A231002X")).toBe(false);
		const feb30 = "43112719900230001";
		expect(isValidResidentId(feb30 + residentIdCheckChar(feb30))).toBe(false);
		const ok = "43112719900228001";
		expect(isValidResidentId(ok + residentIdCheckChar(ok))).toBe(true);
	});
});

describe("mobile numbers", () => {
	it("accepts 11 digits starting 13–19 only", () => {
		expect(isValidMobile("13800138000")).toBe(true);
		expect(isValidMobile("19912345678")).toBe(true);
		expect(isValidMobile("12800138000")).toBe(false);
		expect(isValidMobile("1380013800")).toBe(false);
		expect(isValidMobile("+8613800138000")).toBe(false);
	});
});

describe("masking", () => {
	it("keeps the region code and last four of an ID number", () => {
		expect(maskIdNumber("11010519491231002X")).toBe("110105********002X");
	});
	it("keeps the first three and last four digits of a phone", () => {
		expect(maskPhone("13800138000")).toBe("138****8000");
	});
	it("keeps the family name", () => {
		expect(maskName("张三")).toBe("张*");
		expect(maskName("欧阳修文")).toBe("欧***");
	});
});
