/** The dashboard's chart models (web/js/dashboard-model.js): what each chart and its table show. */
import { describe, expect, it } from "vitest";
import { compareChart, intakeChart, openChart, pendingNote, ratesChart } from "../../web/js/dashboard-model.js";

const month = (m: number, extra: Record<string, unknown> = {}) => ({
	month: m,
	received: m === 3 ? 5 : 0,
	byChannel: { letter: m === 3 ? 1 : 0, visit: 0, online: m === 3 ? 4 : 0 },
	timelyAcceptanceRate: m === 3 ? 0.9 : null,
	onTimeCompletionRate: null,
	accurateTransferRate: m === 3 ? 1 : null,
	firstTimeResolutionRate: null,
	satisfactionRate: null,
	...extra,
});
const series = {
	region: "431127",
	year: 2024,
	months: Array.from({ length: 12 }, (_, i) => month(i + 1)),
	compare: {
		parent: "431100",
		regions: [
			{ region: "431102", name: "零陵区", received: 3, accurateTransferRate: 1 },
			{ region: "431127", name: "蓝山县", received: 5, accurateTransferRate: 1 },
			{ region: "431103", name: "冷水滩区", received: 0, accurateTransferRate: null },
		],
	},
	open: { byStage: { acceptance: 2, handling: 1 }, overdueUnreplied: 1, supervisions: 3 },
	targets: { timelyAcceptanceRate: 0.95, accurateTransferRate: 0.95 },
};

describe("dashboard chart models", () => {
	it("intake: stacked by channel per month, the total in the table", () => {
		const c = intakeChart(series);
		expect(c.channels.map((ch) => ch.data[2])).toEqual([1, 0, 4]);
		expect(c.table.rows[2]).toEqual(["3月", "1", "0", "4", "5"]);
		expect(c.points).toBe(2);
	});

	it("rates: percent per month, no point without a denominator, targets as a footer", () => {
		const c = ratesChart(series);
		expect(c.lines[0]).toMatchObject({ label: "及时受理率", target: 95 });
		expect(c.lines[0]?.data.slice(1, 4)).toEqual([null, 90, null]);
		expect(c.table.footer?.slice(0, 2)).toEqual(["目标", "95%"]);
	});

	it("compare: highest first, ties share a place, regions without the figure last, the own region marked", () => {
		const byCount = compareChart(series, "received");
		expect(byCount.rows.map((r) => [r.name, r.rank])).toEqual([
			["蓝山县", 1],
			["零陵区", 2],
			["冷水滩区", 3],
		]);
		expect(byCount.table.rows[0]).toEqual(["第1", "蓝山县（本地区）", "5"]);
		const byRate = compareChart(series, "accurateTransferRate");
		expect(byRate.rows.map((r) => [r.name, r.rank, r.value])).toEqual([
			["零陵区", 1, 100],
			["蓝山县", 1, 100],
			["冷水滩区", null, null],
		]);
	});

	it("open: stages, then overdue and 督办; the pending note says what the rates leave out", () => {
		expect(openChart(series, { acceptance: "待受理", handling: "办理中" }).table.rows).toEqual([
			["待受理", "2"],
			["办理中", "1"],
			["逾期未办结", "1"],
			["督办（次）", "3"],
		]);
		expect(pendingNote({ firstTimePending: 2, evaluationPending: 0 })).toBe(
			"一次性化解率不含 2 件尚在复查期内的答复（期满后计入）。",
		);
		expect(pendingNote({ firstTimePending: 0, evaluationPending: 0 })).toBe("");
	});
});

describe("the report on the page", () => {
	it("turns the report's Markdown into title, lead, headings, paragraphs and the figures table", async () => {
		const { reportBlocks } = await import("../../web/js/dashboard-model.js");
		const md =
			"# 蓝山县2024年度信访工作情况报告\n\n> 本报告由系统生成。\n\n## 一、信访总量\n\n2024年，全县共登记信访事项8件。\n\n| 指标 | 数值 | 口径 |\n|---|---|---|\n| 登记信访事项 | 8件 | 来信、来访、网信登记数 |\n\n说明：期限按日历日计算。\n";
		expect(reportBlocks(md)).toEqual([
			{ type: "title", text: "蓝山县2024年度信访工作情况报告" },
			{ type: "lead", text: "本报告由系统生成。" },
			{ type: "heading", text: "一、信访总量" },
			{ type: "p", text: "2024年，全县共登记信访事项8件。" },
			{ type: "table", header: ["指标", "数值", "口径"], rows: [["登记信访事项", "8件", "来信、来访、网信登记数"]] },
			{ type: "p", text: "说明：期限按日历日计算。" },
		]);
	});
});
