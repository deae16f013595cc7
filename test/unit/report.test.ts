/**
 * The annual report's wording: fed the counters of a year shaped like the seed report's (蓝山县 2024),
 * it writes the seed's figures sentence. The counters go through the same KPI functions as GET /v1/stats.
 */
import { describe, expect, it } from "vitest";
import { type Counts, figuresOf, rankOf, shareOf, yoyOf } from "#shared/kpis.ts";
import type { Stats } from "#shared/stats/read.ts";
import { annualReport, chineseOrdinal, percent } from "#shared/stats/report.ts";
import { annualReportDocx } from "#shared/stats/report-docx.ts";
import { docxText, unzipEntry } from "../support/unzip.ts";

function statsOf(
	region: string,
	period: string,
	own: Counts,
	parent: Counts,
	siblings: Counts[],
	previous: Counts,
): Stats {
	const f = figuresOf(own);
	return {
		region,
		period,
		...f,
		share: shareOf(f, figuresOf(parent)),
		rank: rankOf(f, siblings.map(figuresOf)),
		yoy: yoyOf(f, figuresOf(previous)),
	};
}

const lanshan2024: Counts = {
	received: 410,
	"received#channel=letter": 80,
	"received#channel=visit": 30,
	"received#channel=online": 300,
	decided: 320,
	decidedOnTime: 320,
	replied: 211,
	repliedOnTime: 211,
	resolvedFirstTime: 211,
	transferred: 202,
	transferReturned: 1,
	appeals: 191,
	appealsMediated: 93,
	otherProcedure: 108,
	otherProcedureMediated: 52,
};
const yongzhou2024: Counts = {
	received: 10_322,
	"received#channel=letter": 1951,
	"received#channel=visit": 476,
	"received#channel=online": 7895,
	appeals: 4442,
	appealsMediated: 1632,
	otherProcedure: 2571,
	otherProcedureMediated: 981,
	transferred: 5000,
};
const sibling = (transferred: number, returned: number): Counts => ({ transferred, transferReturned: returned });

describe("the annual report", () => {
	const stats = statsOf(
		"431127",
		"2024",
		lanshan2024,
		yongzhou2024,
		[sibling(300, 0), sibling(400, 4), sibling(250, 5)],
		{ received: 420 },
	);
	const previousYoy = yoyOf(figuresOf({ received: 420 }), figuresOf({ received: 500 }));
	const report = annualReport({ stats, previousYoy });

	it("writes the seed's figures sentence from the counters", () => {
		expect(report).toContain(
			"2024年我县信访部门和责任单位及时受理率100%；办结率100%；行政三级一次性化解率100%；信访部门转交202件，准确转交率99.5%，位于全市第二；" +
				"申诉求决类总量191件，占全市的4.3%，其中协议调解成功93件，占全市的5.7%，处于全市领先水平；" +
				"其他法定程序受理108件，占全市的4.2%，其中协议调解成功52件，占全市的5.3%，处于全市领先水平。",
		);
	});

	it("writes the volume, its fall on a fall, and the county's share of the city by channel", () => {
		expect(report).toContain("信访总量在上年下降的基础上同比再下降2.4%");
		expect(report).toContain("全县总量占全市的4%，其中来信、来访、网信分别占全市的4.1%、6.3%、3.8%");
		expect(report).toMatch(/^# 蓝山县2024年度信访工作情况报告/);
	});

	it("says 领先 only when the mediation rate is above the city's", () => {
		const low = statsOf("431127", "2024", { ...lanshan2024, appealsMediated: 10 }, yongzhou2024, [], {});
		expect(annualReport({ stats: low, previousYoy })).not.toContain(
			"其中协议调解成功10件，占全市的0.6%，处于全市领先水平",
		);
	});

	it("formats percentages and ranks as the seed does", () => {
		expect([percent(1), percent(0.995), percent(0.04), percent(0.0432), percent(null)]).toEqual([
			"100%",
			"99.5%",
			"4%",
			"4.3%",
			"—",
		]);
		expect([1, 2, 10, 11, 20, 21].map(chineseOrdinal)).toEqual(["一", "二", "十", "十一", "二十", "二十一"]);
	});
});

describe("the annual report as a Word document", () => {
	const stats = statsOf(
		"431127",
		"2024",
		lanshan2024,
		yongzhou2024,
		[sibling(300, 0), sibling(400, 4), sibling(250, 5)],
		{ received: 420 },
	);
	const previousYoy = yoyOf(figuresOf({ received: 420 }), figuresOf({ received: 500 }));

	it("holds the title, the 一/二/三 headings and the seed's figures sentence in word/document.xml, word for word as the Markdown", async () => {
		const docx = await annualReportDocx({ stats, previousYoy });
		expect(docx.subarray(0, 2).toString()).toBe("PK");
		expect(unzipEntry(docx, "[Content_Types].xml")?.toString()).toContain("wordprocessingml");
		const text = docxText(docx);
		expect(text).toContain("蓝山县2024年度信访工作情况报告");
		for (const heading of ["一、信访总量", "二、信访工作法治化主要指标", "三、指标明细"])
			expect(text).toContain(heading);
		expect(text).toContain("准确转交率99.5%，位于全市第二");
		expect(text).toContain("申诉求决类总量191件，占全市的4.3%，其中协议调解成功93件，占全市的5.7%，处于全市领先水平");
		expect(text).toContain("信访总量在上年下降的基础上同比再下降2.4%");
		const markdown = annualReport({ stats, previousYoy });
		const sentence = markdown.split("\n").find((l) => l.startsWith("2024年我县"));
		expect(sentence && text.includes(sentence)).toBe(true);
	});
});
