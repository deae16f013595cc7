/** 统计: region + year (+ month) → GET /v1/stats as big numbers; the annual report as preformatted Markdown. */
import { request } from "./api.js";
import { channelSplit, keyCounts, keyRates, periodLabel, statsQuery } from "./dashboard-model.js";
import { clear, fillSelect, formValues, h } from "./dom.js";
import { describeError } from "./errors.js";
import { cstYearMonth } from "./format.js";
import { regionName, staffRegions } from "./regions.js";
import { setupLogin } from "./session.js";

const area = document.getElementById("stats-area");
const form = document.getElementById("stats-form");
const errorBox = document.getElementById("stats-error");
const statsSection = document.getElementById("stats");
const reportSection = document.getElementById("report");

let session;

fillSelect(
	form.elements.namedItem("region"),
	staffRegions.map((r) => ({ value: r.code, label: r.name })),
);
fillSelect(
	form.elements.namedItem("month"),
	Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: `${i + 1}月` })),
	"全年",
);
form.elements.namedItem("year").value = String(cstYearMonth().year);

function bigNumber(name, value, ...subs) {
	return h("div", { class: "num" }, h("span", { class: "value" }, value), h("span", { class: "name" }, name), subs.filter(Boolean).map((s) => h("span", { class: "sub" }, s)));
}

async function loadStats() {
	clear(errorBox);
	reportSection.hidden = true;
	const r = await request("GET", `/v1/stats${statsQuery(formValues(form))}`, { token: session?.token });
	if (r.status !== 200) {
		statsSection.hidden = true;
		errorBox.textContent = describeError(r.status, r.body);
		return;
	}
	const stats = r.body;
	document.getElementById("stats-title").textContent = `${regionName(stats.region)} ${periodLabel(stats.period)}`;
	const rates = clear(document.getElementById("rates"));
	for (const c of keyRates(stats)) rates.append(bigNumber(c.label, c.value, c.rank));
	const counts = clear(document.getElementById("counts"));
	for (const c of keyCounts(stats)) counts.append(bigNumber(c.label, c.value, c.share, c.yoy));
	const channels = clear(document.getElementById("channels"));
	for (const c of channelSplit(stats)) {
		channels.append(
			h(
				"tr",
				{},
				h("th", { scope: "row" }, c.label),
				h("td", {}, String(c.count)),
				h("td", {}, c.ofTotal),
				h("td", {}, h("div", { class: "bar", role: "img", "aria-label": `${c.label}占${c.ofTotal}` }, h("span", { "data-ratio": c.ratio }))),
				h("td", {}, c.share || "—"),
			),
		);
	}
	// Widths set from script: the page's CSP allows no inline style attributes.
	for (const bar of channels.querySelectorAll("[data-ratio]")) bar.style.width = `${Math.round(Number(bar.dataset.ratio) * 100)}%`;
	statsSection.hidden = false;
}

form.addEventListener("submit", (e) => {
	e.preventDefault();
	return loadStats();
});

document.getElementById("show-report").addEventListener("click", async () => {
	clear(errorBox);
	const r = await request("GET", `/v1/reports/annual${statsQuery(formValues(form), { withMonth: false })}`, { token: session?.token });
	if (r.status !== 200) {
		errorBox.textContent = describeError(r.status, r.body);
		return;
	}
	const v = formValues(form);
	document.getElementById("report-title").textContent = `年度报告：${regionName(String(v.region))} ${v.year}年`;
	document.getElementById("report-text").textContent = r.text;
	reportSection.hidden = false;
	reportSection.scrollIntoView({ behavior: "smooth", block: "start" });
});

setupLogin({
	roles: ["leader", "admin"],
	defaults: { role: "leader", region: "431100" },
	onChange: (s) => {
		session = s;
		area.hidden = !s;
		if (s) {
			form.elements.namedItem("region").value = s.claims.region ?? "431100";
			return loadStats();
		}
	},
});
