/**
 * 统计: a dashboard a leader keeps open. Region + year (+ month) → GET /v1/stats (big numbers) and
 * GET /v1/stats/series (four Apache ECharts charts, each with its data as a table); refreshed every
 * 60 s without reloading. The annual report as text, as a Word download, and printable.
 */
import * as echarts from "../vendor/echarts.js";
import { latestOnly, request } from "./api.js";
import {
	channelSplit,
	compareChart,
	compareMetrics,
	intakeChart,
	keyCounts,
	keyRates,
	openChart,
	pendingNote,
	periodLabel,
	ratesChart,
	reportBlocks,
	statsQuery,
} from "./dashboard-model.js";
import { clear, fillSelect, formValues, h } from "./dom.js";
import { describeError } from "./errors.js";
import { cstYearMonth, stageLabels } from "./format.js";
import { regionName, staffRegions } from "./regions.js";
import { setupLogin } from "./session.js";

const REFRESH_MS = 60_000;
const area = document.getElementById("stats-area");
const form = document.getElementById("stats-form");
const errorBox = document.getElementById("stats-error");
const statsSection = document.getElementById("stats");
const reportSection = document.getElementById("report");
const compareSelect = document.getElementById("c-compare-metric");
const palette = ["#c0392b", "#2e86c1", "#28a745", "#8e44ad", "#d68910", "#17a589"];

let session;
let lastSeries;
let timer;

fillSelect(
	form.elements.namedItem("region"),
	staffRegions.map((r) => ({ value: r.code, label: r.name })),
);
fillSelect(
	form.elements.namedItem("month"),
	Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: `${i + 1}月` })),
	"全年",
);
fillSelect(
	compareSelect,
	compareMetrics.map(([value, label]) => ({ value, label })),
);
form.elements.namedItem("year").value = String(cstYearMonth().year);

function bigNumber(name, value, ...subs) {
	return h(
		"div",
		{ class: "num" },
		h("span", { class: "value" }, value),
		h("span", { class: "name" }, name),
		subs.filter(Boolean).map((s) => h("span", { class: "sub" }, s)),
	);
}

/** A chart's data as a table (the text alternative of the drawing). */
function renderTable(id, table) {
	const wrap = clear(document.getElementById(id));
	wrap.append(
		h(
			"table",
			{},
			h(
				"thead",
				{},
				h(
					"tr",
					{},
					table.header.map((c) => h("th", { scope: "col" }, c)),
				),
			),
			h(
				"tbody",
				{},
				table.rows.map((r) =>
					h(
						"tr",
						{},
						r.map((c, i) => (i === 0 ? h("th", { scope: "row" }, c) : h("td", {}, c))),
					),
				),
				table.footer
					? h(
							"tr",
							{},
							table.footer.map((c, i) => (i === 0 ? h("th", { scope: "row" }, c) : h("td", {}, c))),
						)
					: [],
			),
		),
	);
}

const charts = new Map();
function chartAt(id) {
	let chart = charts.get(id);
	if (!chart) {
		chart = echarts.init(document.getElementById(id), null, { renderer: "canvas" });
		charts.set(id, chart);
	}
	return chart;
}

/** Draws a chart and records how many data points it shows (data-points, read by the page test). */
function draw(id, option, points) {
	const el = document.getElementById(id);
	chartAt(id).setOption(
		{ animation: false, color: palette, textStyle: { fontFamily: "Noto Sans CJK SC, sans-serif" }, ...option },
		true,
	);
	el.dataset.points = String(points);
}

const grid = { left: 48, right: 16, top: 40, bottom: 28, containLabel: true };

function drawIntake(series) {
	const c = intakeChart(series);
	draw(
		"c-intake",
		{
			tooltip: { trigger: "axis" },
			legend: { top: 0 },
			grid,
			xAxis: { type: "category", data: c.categories },
			yAxis: { type: "value", minInterval: 1 },
			series: c.channels.map((ch) => ({ name: ch.label, type: "bar", stack: "intake", data: ch.data })),
		},
		c.points,
	);
	renderTable("t-intake", c.table);
}

function drawRates(series) {
	const c = ratesChart(series);
	draw(
		"c-rates",
		{
			tooltip: { trigger: "axis", valueFormatter: (v) => (v == null ? "—" : `${v}%`) },
			legend: { top: 0, type: "scroll" },
			grid,
			xAxis: { type: "category", data: c.categories },
			yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
			series: c.lines.map((l) => ({
				name: l.label,
				type: "line",
				data: l.data,
				connectNulls: false,
				markLine:
					l.target === null
						? undefined
						: {
								symbol: "none",
								silent: true,
								label: { show: false },
								lineStyle: { type: "dashed" },
								data: [{ yAxis: l.target }],
							},
			})),
		},
		c.points,
	);
	renderTable("t-rates", c.table);
}

function drawCompare(series) {
	const metric = compareSelect.value;
	const c = compareChart(series, metric);
	const label = compareMetrics.find(([m]) => m === metric)?.[1] ?? metric;
	const rows = [...c.rows].reverse(); // highest at the top of a horizontal bar chart
	draw(
		"c-compare",
		{
			tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
			grid: { ...grid, top: 16, right: 56 },
			xAxis: {
				type: "value",
				...(c.kind === "rate" ? { min: 0, max: 100, axisLabel: { formatter: "{value}%" } } : { minInterval: 1 }),
			},
			yAxis: { type: "category", data: rows.map((r) => (r.rank ? `${r.name} 第${r.rank}` : r.name)) },
			series: [
				{
					name: label,
					type: "bar",
					data: rows.map((r) => ({ value: r.value, itemStyle: { color: r.own ? palette[0] : "#9aa5b1" } })),
					label: {
						show: true,
						position: "right",
						formatter: (p) => (p.value == null ? "—" : c.kind === "rate" ? `${p.value}%` : String(p.value)),
					},
				},
			],
		},
		c.points,
	);
	renderTable("t-compare", c.table);
}

function drawOpen(series) {
	const c = openChart(series, stageLabels);
	const colors = { stage: palette[1], overdue: palette[0], supervised: palette[4] };
	draw(
		"c-open",
		{
			tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
			grid: { ...grid, top: 16 },
			xAxis: { type: "category", data: c.rows.map((r) => r.label), axisLabel: { interval: 0, rotate: 30 } },
			yAxis: { type: "value", minInterval: 1 },
			series: [
				{
					type: "bar",
					name: "件数",
					data: c.rows.map((r) => ({ value: r.value, itemStyle: { color: colors[r.kind] } })),
					label: { show: true, position: "top" },
				},
			],
		},
		c.points,
	);
	renderTable("t-open", c.table);
}

function drawSeries(series) {
	lastSeries = series;
	drawIntake(series);
	drawRates(series);
	drawCompare(series);
	drawOpen(series);
}

/** The figures shown answer the latest choice of region and month, never an earlier one. */
const statsLoads = latestOnly();

async function load() {
	const isLatest = statsLoads.begin();
	clear(errorBox);
	const values = formValues(form);
	const [stats, series] = await Promise.all([
		request("GET", `/v1/stats${statsQuery(values)}`, { token: session?.token }),
		request("GET", `/v1/stats/series${statsQuery(values)}`, { token: session?.token }),
	]);
	if (!isLatest()) return;
	const failed = [stats, series].find((r) => r.status !== 200);
	if (failed) {
		statsSection.hidden = true;
		errorBox.textContent = describeError(failed.status, failed.body);
		return;
	}
	const s = stats.body;
	document.getElementById("stats-title").textContent = `${regionName(s.region)} ${periodLabel(s.period)}`;
	const rates = clear(document.getElementById("rates"));
	for (const c of keyRates(s)) rates.append(bigNumber(c.label, c.value, c.rank));
	document.getElementById("pending").textContent = pendingNote(s);
	const counts = clear(document.getElementById("counts"));
	for (const c of keyCounts(s)) counts.append(bigNumber(c.label, c.value, c.share, c.yoy));
	const channels = clear(document.getElementById("channels"));
	for (const c of channelSplit(s)) {
		channels.append(
			h(
				"tr",
				{},
				h("th", { scope: "row" }, c.label),
				h("td", {}, String(c.count)),
				h("td", {}, c.ofTotal),
				h(
					"td",
					{},
					h(
						"div",
						{ class: "bar", role: "img", "aria-label": `${c.label}占${c.ofTotal}` },
						h("span", { "data-ratio": c.ratio }),
					),
				),
				h("td", {}, c.share || "—"),
			),
		);
	}
	// Widths set from script: the page's CSP allows no inline style attributes.
	for (const bar of channels.querySelectorAll("[data-ratio]"))
		bar.style.width = `${Math.round(Number(bar.dataset.ratio) * 100)}%`;
	statsSection.hidden = false; // drawn while visible: a hidden chart has no size
	drawSeries(series.body);
	document.getElementById("refreshed").textContent =
		`更新于 ${new Date().toLocaleTimeString("zh-CN", { hour12: false })}，每 60 秒自动刷新`;
}

/** Loads now and every 60 s after, without reloading the page. */
function startRefreshing() {
	clearInterval(timer);
	timer = setInterval(() => {
		if (session) void load();
	}, REFRESH_MS);
	return load();
}

form.addEventListener("submit", (e) => {
	e.preventDefault();
	return startRefreshing();
});
for (const name of ["region", "month"])
	form.elements.namedItem(name).addEventListener("change", () => startRefreshing());
compareSelect.addEventListener("change", () => lastSeries && drawCompare(lastSeries));
window.addEventListener("resize", () => {
	for (const chart of charts.values()) chart.resize();
});

function reportQuery(format) {
	const params = new URLSearchParams(statsQuery(formValues(form), { withMonth: false }).slice(1));
	if (format) params.set("format", format);
	return `?${params}`;
}

/** The report shown is the latest asked for, under the title of what was asked. */
const reportLoads = latestOnly();

document.getElementById("show-report").addEventListener("click", async () => {
	const isLatest = reportLoads.begin();
	clear(errorBox);
	const v = formValues(form);
	const r = await request("GET", `/v1/reports/annual${reportQuery()}`, { token: session?.token });
	if (!isLatest()) return;
	if (r.status !== 200) {
		errorBox.textContent = describeError(r.status, r.body);
		return;
	}
	document.getElementById("report-title").textContent = `年度报告：${regionName(String(v.region))} ${v.year}年`;
	const doc = clear(document.getElementById("report-text"));
	for (const b of reportBlocks(r.text)) {
		if (b.type === "title") doc.append(h("h3", { class: "report-title" }, b.text));
		else if (b.type === "heading") doc.append(h("h4", {}, b.text));
		else if (b.type === "table")
			doc.append(
				h(
					"div",
					{ class: "table-wrap" },
					h(
						"table",
						{},
						h(
							"thead",
							{},
							h(
								"tr",
								{},
								b.header.map((c) => h("th", { scope: "col" }, c)),
							),
						),
						h(
							"tbody",
							{},
							b.rows.map((r) =>
								h(
									"tr",
									{},
									r.map((c) => h("td", {}, c)),
								),
							),
						),
					),
				),
			);
		else doc.append(h("p", { class: b.type === "lead" ? "report-lead" : "" }, b.text));
	}
	reportSection.hidden = false;
	reportSection.scrollIntoView({ behavior: "smooth", block: "start" });
});

document.getElementById("download-docx").addEventListener("click", async () => {
	clear(errorBox);
	const v = formValues(form);
	let res;
	try {
		res = await fetch(`/v1/reports/annual${reportQuery("docx")}`, {
			headers: { authorization: `Bearer ${session?.token}` },
		});
	} catch {
		errorBox.textContent = describeError(0);
		return;
	}
	if (!res.ok) {
		errorBox.textContent = describeError(res.status, await res.json().catch(() => undefined));
		return;
	}
	const url = URL.createObjectURL(await res.blob());
	const a = h("a", {
		href: url,
		download: `${regionName(String(v.region))}${v.year}年度信访工作情况报告.docx`,
		hidden: "",
	});
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
});

document.getElementById("print-report").addEventListener("click", () => {
	document.body.classList.add("print-report");
	window.print();
});
window.addEventListener("afterprint", () => document.body.classList.remove("print-report"));

setupLogin({
	roles: ["leader", "admin"],
	defaults: { user: "leader01", role: "leader", region: "431100" },
	onChange: (s) => {
		session = s;
		// The next user sees nothing of the previous one's figures or report, even those still loading.
		statsLoads.dropAll();
		reportLoads.dropAll();
		clearInterval(timer);
		clear(errorBox);
		statsSection.hidden = true;
		reportSection.hidden = true;
		for (const id of [
			"report-text",
			"rates",
			"pending",
			"counts",
			"channels",
			"t-intake",
			"t-rates",
			"t-compare",
			"t-open",
		])
			clear(document.getElementById(id));
		for (const chart of charts.values()) chart.clear();
		document.getElementById("stats-title").textContent = "统计结果";
		lastSeries = undefined;
		area.hidden = !s;
		if (!s) return;
		form.elements.namedItem("region").value = s.claims.region ?? "431100";
		return startRefreshing();
	},
});
