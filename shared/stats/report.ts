/**
 * The annual report (GET /v1/reports/annual): Markdown in Chinese, its figures section in the seed
 * report's wording, every number taken from the year's stats (counters only).
 */
import type { Stats } from "#shared/stats/read.ts";
import { findRegion } from "#shared/domain/regions.ts";

/** 4.3% · 100% · 99.5% · 4%: one decimal, a trailing .0 dropped, as the seed writes percentages. */
export function percent(ratio: number | null | undefined): string {
	if (ratio === null || ratio === undefined) return "—";
	const text = (Math.round(ratio * 1000) / 10).toFixed(1).replace(/\.0$/, "");
	return `${text}%`;
}

const digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/** 1 → 一, 2 → 二, 11 → 十一, 20 → 二十: ranks as "位于全市第二" writes them. */
export function chineseOrdinal(n: number): string {
	if (n < 10) return digits[n] ?? String(n);
	if (n < 20) return `十${n % 10 ? digits[n % 10] : ""}`;
	if (n < 100) return `${digits[Math.floor(n / 10)]}十${n % 10 ? digits[n % 10] : ""}`;
	return String(n);
}

/** 县, 区 or 市: how a region speaks of itself ("我县", "全县"). */
function selfWord(name: string): string {
	const last = name.at(-1) ?? "县";
	return ["县", "区", "市", "省"].includes(last) ? last : "县";
}

function change(yoy: number | null | undefined, previousYoy: number | null | undefined): string {
	if (yoy === null || yoy === undefined) return "上年无可比数据";
	if (yoy === 0) return "与上年持平";
	const direction = yoy < 0 ? "下降" : "上升";
	const again = previousYoy !== null && previousYoy !== undefined && Math.sign(previousYoy) === Math.sign(yoy);
	return again
		? `在上年${direction}的基础上同比再${direction}${percent(Math.abs(yoy))}`
		: `同比${direction}${percent(Math.abs(yoy))}`;
}

/** "处于全市领先水平" when the region's mediation rate is above its parent's (its share of the mediated exceeds its share of the matters). */
function leading(
	shareOfMediated: number | null | undefined,
	shareOfAll: number | null | undefined,
	parentWord: string,
): string {
	if (shareOfMediated === null || shareOfMediated === undefined || shareOfAll === null || shareOfAll === undefined)
		return "";
	return shareOfMediated > shareOfAll ? `，处于全${parentWord}领先水平` : "";
}

export interface ReportInput {
	/** The year's stats of the region. */
	stats: Stats;
	/** The previous year's change on the year before it (for "再下降"). */
	previousYoy: Stats["yoy"];
}

/** The report as structured content: the Markdown and the Word renderings share it word for word. */
export interface ReportDocument {
	title: string;
	lead: string;
	sections: { heading: string; paragraphs: string[]; table?: { header: string[]; rows: string[][] } }[];
	note: string;
}

export function reportDocument({ stats: s, previousYoy }: ReportInput): ReportDocument {
	const region = findRegion(s.region);
	const parent = region?.parent ? findRegion(region.parent) : undefined;
	const name = region?.name ?? s.region;
	const me = selfWord(name);
	const up = parent ? selfWord(parent.name) : "";
	const share = s.share as Partial<Record<string, number | null>>;
	const rank = s.rank as Partial<Record<string, number | null>>;
	const year = s.period;

	let volume = `${year}年，全${me}共登记信访事项${s.received}件，其中来信${s.byChannel.letter}件、来访${s.byChannel.visit}件、网信${s.byChannel.online}件；信访总量${change(s.yoy.received, previousYoy.received)}`;
	if (parent)
		volume += `；全${me}总量占全${up}的${percent(share.received)}，其中来信、来访、网信分别占全${up}的${percent(share.letter)}、${percent(share.visit)}、${percent(share.online)}`;

	const transferRank =
		parent && rank.accurateTransferRate ? `，位于全${up}第${chineseOrdinal(rank.accurateTransferRate)}` : "";
	const appealsShare = parent ? `，占全${up}的${percent(share.appeals)}` : "";
	const appealsMediatedShare = parent
		? `，占全${up}的${percent(share.appealsMediated)}${leading(share.appealsMediated, share.appeals, up)}`
		: "";
	const otherShare = parent ? `，占全${up}的${percent(share.otherProcedure)}` : "";
	const otherMediatedShare = parent
		? `，占全${up}的${percent(share.otherProcedureMediated)}${leading(share.otherProcedureMediated, share.otherProcedure, up)}`
		: "";
	const figures =
		`${year}年我${me}信访部门和责任单位及时受理率${percent(s.timelyAcceptanceRate)}；办结率${percent(s.completionRate)}；` +
		`行政三级一次性化解率${percent(s.firstTimeResolutionRate)}；信访部门转交${s.transferred}件，准确转交率${percent(s.accurateTransferRate)}${transferRank}；` +
		`申诉求决类总量${s.appeals}件${appealsShare}，其中协议调解成功${s.appealsMediated}件${appealsMediatedShare}；` +
		`其他法定程序受理${s.otherProcedure}件${otherShare}，其中协议调解成功${s.otherProcedureMediated}件${otherMediatedShare}。`;

	const rows: string[][] = [
		["登记信访事项", `${s.received}件`, "来信、来访、网信登记数"],
		[
			"及时受理率",
			percent(s.timelyAcceptanceRate),
			`收到之日起15日内作出受理决定 ${s.acceptedOnTime} ÷ 作出受理决定 ${s.accepted}`,
		],
		["办结率", percent(s.completionRate), `已出具处理意见 ${s.completed} ÷ 应办结 ${s.due}`],
		["按期办结率", percent(s.onTimeCompletionRate), `期限内出具处理意见 ${s.completedOnTime} ÷ 应办结 ${s.due}`],
		[
			"准确转交率",
			percent(s.accurateTransferRate),
			`（转交 ${s.transferred} − 退回 ${s.transferReturned}）÷ 转交 ${s.transferred}`,
		],
		[
			"行政三级一次性化解率",
			percent(s.firstTimeResolutionRate),
			`未经复查复核、无重复信访即办结 ${s.resolvedFirstTime} ÷ 出具处理意见 ${s.completed - s.firstTimePending}${s.firstTimePending ? `（另有 ${s.firstTimePending} 件尚在复查期内，未计入）` : ""}`,
		],
		["申诉求决类", `${s.appeals}件`, `其中协议调解成功 ${s.appealsMediated}件`],
		["其他法定程序受理", `${s.otherProcedure}件`, `其中协议调解成功 ${s.otherProcedureMediated}件`],
		["复查 / 复核", `${s.reviews}件 / ${s.rereviews}件`, "信访人提出的复查、复核请求"],
		[
			"参评率 / 满意率",
			`${percent(s.evaluationRate)} / ${percent(s.satisfactionRate)}`,
			`参评 ${s.evaluated}，满意及基本满意 ${s.satisfied}${s.evaluationPending ? `（另有 ${s.evaluationPending} 件尚在评价期内）` : ""}`,
		],
		["督办", `${s.supervisions}次`, "逾期未办理的督办通知"],
	];
	return {
		title: `${name}${year}年度信访工作情况报告`,
		lead: `本报告由信访案件系统依据${year}年度全部信访事项的登记、受理、转交、办理和复查复核记录自动生成，文中数字均取自系统统计。`,
		sections: [
			{ heading: "一、信访总量", paragraphs: [`${volume}。`] },
			{ heading: "二、信访工作法治化主要指标", paragraphs: [figures] },
			{ heading: "三、指标明细", paragraphs: [], table: { header: ["指标", "数值", "口径"], rows } },
		],
		note:
			"说明：期限按《信访工作条例》以日历日计算（受理15日、办理60日、延期不超过30日、复查复核各30日），自起算之日的次日起算；" +
			"占比为本地区数字占上一级行政区划同项数字的比例；排名为本地区在上一级行政区划所辖地区中的位次；同比为与上年同期相比的变化。",
	};
}

/** The report as Markdown. */
export function annualReport(input: ReportInput): string {
	const d = reportDocument(input);
	const lines: string[] = [`# ${d.title}`, "", `> ${d.lead}`, ""];
	for (const section of d.sections) {
		lines.push(`## ${section.heading}`, "");
		for (const p of section.paragraphs) lines.push(p, "");
		if (section.table) {
			lines.push(`| ${section.table.header.join(" | ")} |`, `|${section.table.header.map(() => "---").join("|")}|`);
			for (const row of section.table.rows) lines.push(`| ${row.join(" | ")} |`);
			lines.push("");
		}
	}
	lines.push(d.note);
	return `${lines.join("\n")}\n`;
}
