import { describe, expect, it } from "vitest";
import { regions, unitsOf as sharedUnitsOf } from "#shared/domain/regions.ts";
import { CST_OFFSET_MS } from "#shared/time.ts";
import { describeError, issuesByField } from "../../web/js/errors.js";
import {
	cstOffsetMs,
	cstYearMonth,
	formatChange,
	formatDate,
	formatDateTime,
	formatPercent,
	label,
	stageLabels,
} from "../../web/js/format.js";
import { city, counties, regionName, unitName, unitsOf } from "../../web/js/regions.js";

describe("formatting", () => {
	it("counts China time with the same offset as the server", () => {
		expect(cstOffsetMs).toBe(CST_OFFSET_MS);
	});

	it("shows ratios as percentages with one decimal, and null as a dash", () => {
		expect(formatPercent(0.995)).toBe("99.5%");
		expect(formatPercent(1)).toBe("100.0%");
		expect(formatPercent(0)).toBe("0.0%");
		expect(formatPercent(null)).toBe("—");
		expect(formatPercent(undefined)).toBe("—");
	});

	it("shows a year-on-year change with its sign", () => {
		expect(formatChange(-0.024)).toBe("−2.4%");
		expect(formatChange(0.1)).toBe("+10.0%");
		expect(formatChange(0)).toBe("0.0%");
		expect(formatChange(null)).toBe("—");
	});

	it("shows dates in China time, whatever the machine's zone", () => {
		// 16:30 UTC on 31 Dec is already 1 Jan in Beijing.
		expect(formatDate("2024-12-31T16:30:00Z")).toBe("2025-01-01");
		expect(formatDateTime("2024-12-31T16:30:00Z")).toBe("2025-01-01 00:30");
		expect(formatDateTime("2024-05-01T15:59:59.999+08:00")).toBe("2024-05-01 15:59");
		expect(formatDate(undefined)).toBe("—");
		expect(formatDate("not a date")).toBe("—");
		expect(cstYearMonth(Date.parse("2024-12-31T16:30:00Z"))).toEqual({ year: 2025, month: 1 });
	});

	it("labels codes in Chinese and passes unknown codes through", () => {
		expect(label(stageLabels, "review_window")).toContain("复查");
		expect(label(stageLabels, "something_new")).toBe("something_new");
		expect(label(stageLabels, undefined)).toBe("—");
	});
});

describe("API errors on the page", () => {
	const validation = {
		error: {
			code: "VALIDATION_FAILED",
			message: "body 校验未通过",
			details: {
				in: "body",
				issues: [
					{ path: "petitioner.idNumber", message: "居民身份证号码无效（18位，校验码不符）", code: "custom" },
					{ path: "title", message: "请填写标题", code: "too_small" },
					{ path: "title", message: "过长", code: "too_big" },
					{ path: "", message: "Unrecognized key: foo", code: "unrecognized_keys" },
				],
			},
		},
	};

	it("groups the issues by field, issues of no field under the empty key", () => {
		const byField = issuesByField(validation, (p) => (p.startsWith("petitioner.") ? p.slice(11) : p));

		expect(byField).toEqual({
			idNumber: ["居民身份证号码无效（18位，校验码不符）"],
			title: ["请填写标题", "过长"],
			"": ["Unrecognized key: foo"],
		});
	});

	it("returns no field errors when the body has no issues", () => {
		expect(issuesByField(undefined)).toEqual({});
		expect(issuesByField({ error: { code: "NOT_FOUND", message: "x" } })).toEqual({});
	});

	it("says in Chinese what went wrong, using the server's message where there is one", () => {
		expect(describeError(404, { error: { code: "NOT_FOUND", message: "未找到该案件，或查询码不正确" } })).toBe(
			"未找到该案件，或查询码不正确",
		);
		expect(
			describeError(429, { error: { code: "TOO_MANY_REQUESTS", message: "…", details: { retryAfterSeconds: 900 } } }),
		).toBe("查询过于频繁，请15分钟后再试");
		expect(
			describeError(429, { error: { code: "TOO_MANY_REQUESTS", message: "…", details: { retryAfterSeconds: 30 } } }),
		).toBe("查询过于频繁，请30秒后再试");
		expect(describeError(409, { error: { code: "STEP_NOT_PENDING", message: "该案件当前没有待办的此项步骤" } })).toBe(
			"该案件当前没有待办的此项步骤",
		);
		expect(describeError(400, validation)).toContain("更正");
		expect(describeError(0, undefined)).toContain("网络");
		expect(describeError(502, undefined)).toContain("服务器");
		expect(describeError(401, undefined)).toContain("重新登录");
	});
});

describe("the pages' copy of the regions", () => {
	it("lists exactly the counties of shared/domain/regions.ts, under the same city", () => {
		const shared = regions.filter((r) => r.level === "county").map((r) => ({ code: r.code, name: r.name }));
		expect([...counties].sort((a, b) => a.code.localeCompare(b.code))).toEqual(
			shared.sort((a, b) => a.code.localeCompare(b.code)),
		);
		expect(regions.find((r) => r.code === city.code)?.name).toBe(city.name);
	});

	it("names the same units as the server for every county", () => {
		for (const c of counties) expect(unitsOf(c.code)).toEqual(sharedUnitsOf(c.code));
		expect(unitName("431127-housing")).toBe("蓝山县住房和城乡建设局");
		expect(regionName("431127")).toBe("蓝山县");
		expect(unitsOf("431100")).toEqual([]);
	});
});
