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
	return rateCards.map(([metric, label]) => ({ metric, label, value: formatPercent(stats[metric]), rank: rankText(stats.rank?.[metric], scope) }));
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
