/** 工作台: login, the queue with filters and cursor paging, the case detail, and the action forms of the pending step. */
import { latestOnly, request } from "./api.js";
import { attachCounter, counterIssues } from "./counter.js";
import { clear, fillSelect, formValues, h, showFieldErrors } from "./dom.js";
import { describeError, issuesByField } from "./errors.js";
import {
	categoryLabels,
	channelLabels,
	formatDate,
	formatDateTime,
	label,
	procedureLabels,
	replyOutcomeLabels,
	reviewOutcomeLabels,
	stageLabels,
	statusLabels,
	taskLabels,
} from "./format.js";
import { textLimits } from "./limits.js";
import { evidenceList } from "./evidence-upload.js";
import { closeNotice, openNotice } from "./notice-view.js";
import { regionName, unitName } from "./regions.js";
import { documentList } from "./track-model.js";
import { setupLogin, signOut } from "./session.js";
import {
	actionLabels,
	buildActionBody,
	offeredActions,
	eventRow,
	queueColumns,
	queueQuery,
	queueRow,
} from "./workbench-model.js";

const workbench = document.getElementById("workbench");
const filters = document.getElementById("filters");
const queueBody = document.getElementById("queue-body");
const queueError = document.getElementById("queue-error");
const queueStatus = document.getElementById("queue-status");
const prev = document.getElementById("prev-page");
const next = document.getElementById("next-page");

fillSelect(
	filters.elements.namedItem("stage"),
	Object.entries(stageLabels).map(([value, text]) => ({ value, label: text })),
	"全部",
);
const head = document.getElementById("queue-head");
for (const c of queueColumns) head.append(h("th", { scope: "col" }, c));

let session;
// Cursor paging: the cursors of the pages seen so far, so 上一页 can go back.
let pages = [undefined];
let page = 0;
let nextCursor;
let selected;

const token = () => session?.token;

function handleAuthFailure(r) {
	if (r.status === 401) {
		signOut();
		location.reload();
		return true;
	}
	return false;
}

/** The queue shows the answer to the latest load (filters, page, user), never an earlier one. */
const queueLoads = latestOnly();

async function loadQueue() {
	const isLatest = queueLoads.begin();
	clear(queueError);
	queueStatus.textContent = "正在加载…";
	const r = await request("GET", `/v1/cases${queueQuery(formValues(filters), pages[page])}`, { token: token() });
	if (!isLatest()) return;
	if (handleAuthFailure(r)) return;
	clear(queueBody);
	if (r.status !== 200) {
		queueStatus.textContent = "";
		queueError.textContent = describeError(r.status, r.body);
		return;
	}
	for (const item of r.body.items) {
		const row = queueRow(item);
		const tr = h("tr", {
			class: [row.overdue ? "overdue" : "", row.caseId === selected ? "selected" : ""].join(" ").trim() || undefined,
		});
		row.cells.forEach((cell, i) => {
			tr.append(
				i === 0
					? h("td", {}, h("button", { type: "button", class: "link", onclick: () => openCase(row.caseId) }, cell))
					: h("td", {}, cell),
			);
		});
		queueBody.append(tr);
	}
	nextCursor = r.body.cursor ?? undefined;
	queueStatus.textContent = r.body.items.length
		? `第 ${page + 1} 页，本页 ${r.body.items.length} 件`
		: "没有符合条件的案件";
	prev.disabled = page === 0;
	next.disabled = !nextCursor;
}

filters.addEventListener("submit", (e) => {
	e.preventDefault();
	pages = [undefined];
	page = 0;
	return loadQueue();
});
next.addEventListener("click", () => {
	if (!nextCursor) return;
	pages[page + 1] = nextCursor;
	page += 1;
	return loadQueue();
});
prev.addEventListener("click", () => {
	if (page === 0) return;
	page -= 1;
	return loadQueue();
});

/** The case shown is the one opened last: an earlier one's answer, arriving after, is dropped. */
const caseLoads = latestOnly();

async function openCase(caseId) {
	const isLatest = caseLoads.begin();
	selected = caseId;
	for (const tr of queueBody.querySelectorAll("tr"))
		tr.classList.toggle("selected", tr.querySelector("button")?.textContent === caseId);
	const r = await request("GET", `/v1/cases/${encodeURIComponent(caseId)}`, { token: token() });
	// Another case (or the same one again) was opened meanwhile: its answer is the one to show.
	if (!isLatest()) return;
	if (handleAuthFailure(r)) return;
	const result = document.getElementById("action-result");
	if (r.status !== 200) {
		result.className = "alert error-box";
		result.textContent = describeError(r.status, r.body);
		return;
	}
	await renderCase(r.body.case, r.body.events ?? [], r.body, isLatest);
}

function renderCase(kase, events, detail, isLatest) {
	document.getElementById("detail-empty").hidden = true;
	document.getElementById("detail-body").hidden = false;
	document.getElementById("detail-title").textContent = `案件详情：${kase.caseId}`;
	const facts = clear(document.getElementById("detail-facts"));
	const p = kase.petitioner ?? {};
	const rows = [
		["标题", kase.title],
		[
			"状态",
			`${label(statusLabels, kase.status)} · ${label(stageLabels, kase.stage)}${kase.overdue ? "（逾期）" : ""}`,
		],
		["待办", kase.pendingTask ? label(taskLabels, kase.pendingTask) : "—"],
		["期限", formatDateTime(kase.dueAt)],
		["问题属地", regionName(kase.region)],
		[
			"渠道 / 类别",
			`${label(channelLabels, kase.channel)} / ${kase.category ? label(categoryLabels, kase.category) : "未分类"}`,
		],
		["责任单位", kase.unit ? unitName(kase.unit) : "—"],
		["登记时间", formatDateTime(kase.receivedAt)],
		["信访人", [p.name, p.idNumber, p.phone, p.address].filter(Boolean).join(" · ")],
		["涉及人数", kase.persons ?? "—"],
		...(kase.representatives?.length
			? [
					[
						"其他代表",
						kase.representatives.map((r) => [r.name, r.idNumber, r.phone].filter(Boolean).join(" ")).join("；"),
					],
				]
			: []),
		[
			"重复信访",
			kase.repeatOf
				? h(
						"span",
						{},
						"本件为 ",
						h("button", { type: "button", class: "link", onclick: () => openCase(kase.repeatOf) }, kase.repeatOf),
						" 的重复件",
					)
				: kase.repeats
					? `本件为原件，重复信访 ${kase.repeats} 次（见处理记录）`
					: "无",
		],
	];
	for (const [k, v] of rows) facts.append(h("dt", {}, k), h("dd", {}, v instanceof Node ? v : String(v)));
	document.getElementById("detail-content").textContent = kase.content ?? "";
	clear(document.getElementById("detail-evidence")).append(evidenceList(kase.evidence));
	const docs = clear(document.getElementById("detail-documents"));
	closeNotice();
	if (!kase.documents?.length) docs.append(h("p", { class: "hint" }, "暂无。"));
	for (const d of documentList(kase)) {
		const open = h(
			"button",
			{ type: "button", class: "link", onclick: () => openNotice(d.doc, kase, open) },
			`${d.title}（${d.date}）`,
		);
		docs.append(h("p", {}, open));
	}
	const eventsBody = clear(document.getElementById("events"));
	for (const ev of events)
		eventsBody.append(
			h(
				"tr",
				{},
				eventRow(ev).map((c) => h("td", {}, c)),
			),
		);
	return renderActions(kase, offeredActions(detail), isLatest);
}

/** The fields of each action's form: [name, label, kind, options?]. */
function actionFields(type, kase, units) {
	const opts = (map) => Object.entries(map).map(([value, text]) => ({ value, label: text }));
	switch (type) {
		case "accept":
			return [
				["category", "信访类别", "select", opts(categoryLabels), kase.category],
				["unit", "责任单位", "select", units.map((u) => ({ value: u.id, label: u.name }))],
			];
		case "route_other_procedure":
			return [
				["procedure", "法定程序", "select", opts(procedureLabels)],
				["reason", "理由（写入告知书）", "textarea"],
				["mediated", "已调解成功", "checkbox"],
			];
		case "reply":
			return [
				["outcome", "答复结果", "select", opts(replyOutcomeLabels)],
				["mediated", "协议调解成功", "checkbox"],
				["text", "处理意见书正文（请求、事实、理由、结论和依据）", "textarea"],
			];
		case "review_decision":
			return [
				["outcome", "决定", "select", opts(reviewOutcomeLabels)],
				["text", "意见书正文", "textarea"],
			];
		case "link_repeat":
			return [["original", "原案件编号（同一信访人就同一事项的在办案件）", "text"]];
		case "unlink_repeat":
			return [];
		default:
			return [["reason", "理由", "textarea"]];
	}
}

async function renderActions(kase, types, isLatest) {
	const area = clear(document.getElementById("action-area"));
	const result = document.getElementById("action-result");
	clear(result);
	result.className = "alert";
	if (!types.length) return;
	let units = [];
	if (types.includes("accept")) {
		const r = await request("GET", `/v1/units?region=${encodeURIComponent(kase.region)}`, { token: token() });
		// A later openCase has drawn its own forms meanwhile.
		if (!isLatest()) return;
		units = r.status === 200 ? r.body : [];
	}
	area.append(h("h3", {}, `办理：${label(taskLabels, kase.pendingTask)}（期限 ${formatDate(kase.dueAt)}）`));
	for (const type of types) {
		const form = h(
			"form",
			{ class: "card", novalidate: true, "aria-label": actionLabels[type] },
			h("h4", {}, actionLabels[type]),
		);
		const counters = {};
		for (const [name, text, kind, options, value] of actionFields(type, kase, units)) {
			const id = `a-${type}-${name}`;
			let input;
			if (kind === "select") {
				input = h("select", { id, name, required: true });
				fillSelect(input, options);
				if (value) input.value = value;
			} else if (kind === "text")
				input = h("input", {
					id,
					name,
					type: "text",
					required: true,
					spellcheck: "false",
					autocomplete: "off",
					"aria-describedby": `${id}-error`,
				});
			else if (kind === "textarea")
				input = h("textarea", { id, name, required: true, "aria-describedby": `${id}-error` });
			else input = h("input", { id, name, type: "checkbox" });
			const error = h("p", { class: "error", id: `${id}-error`, "data-error-for": name });
			form.append(
				kind === "checkbox"
					? h("div", { class: "field inline" }, h("label", { for: id }, input, ` ${text}`), error)
					: h("div", { class: "field" }, h("label", { for: id }, text), input, error),
			);
			if (kind === "textarea") counters[name] = attachCounter(input, textLimits[name]);
		}
		form.append(h("div", { class: "actions" }, h("button", { type: "submit" }, actionLabels[type])));
		form.addEventListener("submit", (e) => {
			e.preventDefault();
			const tooLong = counterIssues(counters);
			if (Object.keys(tooLong).length) return showFieldErrors(form, tooLong, result)?.focus();
			return act(kase.caseId, type, form);
		});
		area.append(form);
	}
}

async function act(caseId, type, form) {
	const result = document.getElementById("action-result");
	const button = form.querySelector("button[type=submit]");
	button.disabled = true;
	try {
		const r = await request("POST", `/v1/cases/${encodeURIComponent(caseId)}/actions`, {
			body: buildActionBody(type, formValues(form)),
			token: token(),
		});
		if (handleAuthFailure(r)) return;
		clear(result);
		if (r.status >= 200 && r.status < 300) {
			// The step just done takes its forms with it; the case's next forms come with its fresh detail.
			clear(document.getElementById("action-area"));
			result.className = "alert ok";
			result.textContent = `已提交：${actionLabels[type]}。`;
			await Promise.all([openCase(caseId), loadQueue()]);
			result.className = "alert ok";
			result.textContent = `已提交：${actionLabels[type]}。`;
			return;
		}
		result.className = "alert error-box";
		result.append(
			h("p", {}, r.status === 409 ? `无法办理：${describeError(r.status, r.body)}` : describeError(r.status, r.body)),
		);
		showFieldErrors(form, issuesByField(r.body), result);
	} finally {
		button.disabled = false;
	}
}

setupLogin({
	onChange: (s) => {
		session = s;
		workbench.hidden = !s;
		// Another user sees nothing of the previous one's case or forms, even one still loading.
		selected = undefined;
		caseLoads.dropAll();
		queueLoads.dropAll();
		clear(queueBody);
		document.getElementById("detail-empty").hidden = false;
		document.getElementById("detail-body").hidden = true;
		document.getElementById("detail-title").textContent = "案件详情";
		for (const id of ["detail-facts", "detail-content", "detail-evidence", "detail-documents", "events", "action-area"])
			clear(document.getElementById(id));
		clear(document.getElementById("action-result"));
		if (s) {
			pages = [undefined];
			page = 0;
			return loadQueue();
		}
	},
});
