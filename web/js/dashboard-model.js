/** The statistics page (统计): key rates, counts and the channel split of GET /v1/stats. */
import { formatChange, formatPercent } from "./format.js";

export const rateCards = [
	["timelyAcceptanceRate", "及时受理率"],
	["completionRate", "办结率"],
	["onTimeCompletionRate", "按期办结率"],
	["firstTimeResolutionRate", "一次性化解率（行政三级）"],
	["accurateTransferRate", "准确转交率"],
	["satisfactionRate", "满意率"],
];

export const countCards = [
	["received", "受理信访总量"],
	["transferred", "转送交办"],
	["appeals", "申诉求决类"],
	["appealsMediated", "其中协议调解成功"],
	["otherProcedure", "其他法定程序受理"],
	["otherProcedureMediated", "其中调解成功"],
	["reviews", "复查"],
	["rereviews", "复核"],
];

const rankText = (rank, scope) => (rank == null ? "" : `${scope}第${rank}位`);

/** "全市" for a county (its parent is the city), "全省" for the city. */
export function parentScope(region, cityCode = "431100") {
	return region === cityCode ? "全省" : "全市";
}

/** The rates as big numbers: `[{ metric, label, value, rank }]`, ranked among the parent's children. */
export function keyRates(stats, scope = parentScope(stats.region)) {
	return rateCards.map(([metric, label]) => ({
		metric,
		label,
		value: formatPercent(stats[metric]),
		rank: rankText(stats.rank?.[metric], scope),
	}));
}

/** The counts with their share of the parent region and the change on last year. */
export function keyCounts(stats, scope = parentScope(stats.region)) {
	return countCards.map(([metric, label]) => ({
		metric,
		label,
		value: String(stats[metric] ?? 0),
		share: stats.share?.[metric] == null ? "" : `占${scope}${formatPercent(stats.share[metric])}`,
		yoy: stats.yoy?.[metric] == null ? "" : `同比${formatChange(stats.yoy[metric])}`,
	}));
}

/** 来信 / 来访 / 网信: count, part of this region's total, share of the parent's. */
export function channelSplit(stats, scope = parentScope(stats.region)) {
	const total = stats.received ?? 0;
	return [
		["letter", "来信"],
		["visit", "来访"],
		["online", "网信"],
	].map(([key, label]) => {
		const count = stats.byChannel?.[key] ?? 0;
		return {
			key,
			label,
			count,
			ofTotal: total > 0 ? formatPercent(count / total) : "—",
			ratio: total > 0 ? count / total : 0,
			share: stats.share?.[key] == null ? "" : `占${scope}${formatPercent(stats.share[key])}`,
		};
	});
}

/** `?region=…&year=…[&month=…]` for GET /v1/stats (the report takes region and year only). */
export function statsQuery(values, { withMonth = true } = {}) {
	const params = new URLSearchParams({ region: String(values.region ?? ""), year: String(values.year ?? "") });
	const month = String(values.month ?? "").trim();
	if (withMonth && month) params.set("month", month);
	return `?${params}`;
}

/** "2024年" or "2024年3月" from the period the API returns ("2024" / "2024-03"). */
export function periodLabel(period) {
	const [y, m] = String(period ?? "").split("-");
	return m ? `${y}年${Number(m)}月` : `${y}年`;
}

/** Rates drawn by month against their targets, in this order. */
export const seriesRates = [
	["timelyAcceptanceRate", "及时受理率"],
	["onTimeCompletionRate", "按期办结率"],
	["accurateTransferRate", "准确转交率"],
	["firstTimeResolutionRate", "一次性化解率"],
	["satisfactionRate", "满意率"],
];

/** Figures the counties can be compared on: [metric, label, kind]. */
export const compareMetrics = [
	["received", "受理信访总量", "count"],
	["timelyAcceptanceRate", "及时受理率", "rate"],
	["onTimeCompletionRate", "按期办结率", "rate"],
	["accurateTransferRate", "准确转交率", "rate"],
	["firstTimeResolutionRate", "一次性化解率", "rate"],
	["satisfactionRate", "满意率", "rate"],
	["appeals", "申诉求决类", "count"],
	["supervisions", "督办", "count"],
];

const monthLabels = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);
const pct = (r) => (r == null ? null : Math.round(r * 1000) / 10);

/** (a) Monthly intake by channel: stacked bars, and the same as table rows. */
export function intakeChart(series) {
	const by = (key) => series.months.map((m) => m.byChannel?.[key] ?? 0);
	const channels = [
		["letter", "来信"],
		["visit", "来访"],
		["online", "网信"],
	].map(([key, label]) => ({ key, label, data: by(key) }));
	return {
		categories: monthLabels,
		channels,
		points: channels.reduce((n, c) => n + c.data.filter((v) => v > 0).length, 0),
		table: {
			header: ["月份", "来信", "来访", "网信", "合计"],
			rows: series.months.map((m, i) => [
				monthLabels[i],
				...channels.map((c) => String(c.data[i])),
				String(m.received ?? 0),
			]),
		},
	};
}

/** (b) The KPI rates by month (percent; a month without a denominator has no point) with their targets. */
export function ratesChart(series) {
	const lines = seriesRates.map(([metric, label]) => ({
		metric,
		label,
		data: series.months.map((m) => pct(m[metric])),
		target: series.targets?.[metric] == null ? null : pct(series.targets[metric]),
	}));
	return {
		categories: monthLabels,
		lines,
		points: lines.reduce((n, l) => n + l.data.filter((v) => v !== null).length, 0),
		table: {
			header: ["月份", ...lines.map((l) => l.label)],
			rows: series.months.map((_, i) => [
				monthLabels[i],
				...lines.map((l) => (l.data[i] === null ? "—" : `${l.data[i]}%`)),
			]),
			footer: ["目标", ...lines.map((l) => (l.target === null ? "—" : `${l.target}%`))],
		},
	};
}

/** (c) The parent's children on one figure, highest first, with rank (ties share a place) and the selected region marked. */
export function compareChart(series, metric) {
	const kind = compareMetrics.find(([m]) => m === metric)?.[2] ?? "count";
	const value = (r) => (kind === "rate" ? pct(r[metric]) : (r[metric] ?? 0));
	const rows = series.compare.regions.map((r) => ({
		region: r.region,
		name: r.name,
		value: value(r),
		own: r.region === series.region,
	}));
	const ranked = rows.filter((r) => r.value !== null).sort((a, b) => b.value - a.value);
	for (const r of rows) r.rank = r.value === null ? null : 1 + ranked.filter((o) => o.value > r.value).length;
	const ordered = [...ranked, ...rows.filter((r) => r.value === null)];
	const shown = (v) => (v === null ? "—" : kind === "rate" ? `${v}%` : String(v));
	return {
		kind,
		rows: ordered,
		points: ordered.filter((r) => r.value !== null && r.value !== 0).length,
		table: {
			header: ["名次", "地区", compareMetrics.find(([m]) => m === metric)?.[1] ?? metric],
			rows: ordered.map((r) => [
				r.rank === null ? "—" : `第${r.rank}`,
				r.own ? `${r.name}（本地区）` : r.name,
				shown(r.value),
			]),
		},
	};
}

/** (d) Open cases by stage, then overdue unreplied and 督办 of the period. */
export function openChart(series, stageLabels) {
	const stages = Object.entries(series.open.byStage).map(([stage, n]) => ({
		label: stageLabels[stage] ?? stage,
		value: n,
		kind: "stage",
	}));
	const rows = [
		...stages,
		{ label: "逾期未办结", value: series.open.overdueUnreplied, kind: "overdue" },
		{ label: "督办（次）", value: series.open.supervisions, kind: "supervised" },
	];
	return {
		rows,
		points: rows.filter((r) => r.value > 0).length,
		table: { header: ["项目", "件数"], rows: rows.map((r) => [r.label, String(r.value)]) },
	};
}

/** What the rates leave out while windows are open: "一次性化解率不含 3 件尚在复查期内的答复；参评率不含 5 件尚在评价期内的答复". */
export function pendingNote(stats) {
	const parts = [];
	if (stats.firstTimePending > 0) parts.push(`一次性化解率不含 ${stats.firstTimePending} 件尚在复查期内的答复`);
	if (stats.evaluationPending > 0) parts.push(`参评率、满意率不含 ${stats.evaluationPending} 件尚在评价期内的答复`);
	return parts.length ? `${parts.join("；")}（期满后计入）。` : "";
}

/**
 * The report's Markdown (GET /v1/reports/annual) as blocks to lay out like the printed report:
 * `{ type: "title"|"heading"|"lead"|"p", text }` and `{ type: "table", header, rows }`.
 */
export function reportBlocks(markdown) {
	const blocks = [];
	const cells = (line) => line.replace(/^\|\s*|\s*\|$/g, "").split(/\s*\|\s*/);
	for (const line of String(markdown ?? "").split("\n")) {
		if (!line.trim()) continue;
		if (line.startsWith("# ")) blocks.push({ type: "title", text: line.slice(2) });
		else if (line.startsWith("## ")) blocks.push({ type: "heading", text: line.slice(3) });
		else if (line.startsWith("> ")) blocks.push({ type: "lead", text: line.slice(2) });
		else if (line.startsWith("|")) {
			if (/^\|(\s*-+\s*\|)+$/.test(line)) continue;
			const last = blocks.at(-1);
			if (last?.type === "table") last.rows.push(cells(line));
			else blocks.push({ type: "table", header: cells(line), rows: [] });
		} else blocks.push({ type: "p", text: line });
	}
	return blocks;
}
