import { describe, expect, it } from "vitest";
import { acceptanceDueAt, dayNumber, endOfDayAfter } from "#shared/rules/deadlines.ts";

describe("deadlines count calendar days in China time from the day after the start", () => {
	it("R22: receipt on 1 March 10:00 CST is due by the end of 16 March CST", () => {
		const received = Date.parse("2024-03-01T10:00:00+08:00");
		expect(new Date(acceptanceDueAt(received)).toISOString()).toBe("2024-03-16T15:59:59.999Z");
	});

	it("a receipt at 23:30 CST still counts its own day as day 0", () => {
		const received = Date.parse("2024-03-01T23:30:00+08:00");
		expect(dayNumber(received, Date.parse("2024-03-16T23:59:00+08:00"))).toBe(15);
		expect(dayNumber(received, Date.parse("2024-03-17T00:00:00+08:00"))).toBe(16);
		expect(endOfDayAfter(received, 15)).toBe(Date.parse("2024-03-17T00:00:00+08:00") - 1);
	});
});
