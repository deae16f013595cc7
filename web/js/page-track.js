/** 查询: case id + query code → the petitioner's view, its timeline and documents; 复查/复核 requests and evaluation. */
import { latestOnly, request } from "./api.js";
import { attachCounter, counterIssues } from "./counter.js";
import { clear, formValues, h, showFieldErrors } from "./dom.js";
import { describeError, issuesByField } from "./errors.js";
import {
	categoryLabels,
	channelLabels,
	formatDate,
	formatDateTime,
	label,
	replyOutcomeLabels,
	satisfactionLabels,
	stageLabels,
	statusLabels,
} from "./format.js";
import { evidenceList } from "./evidence-upload.js";
import { closeNotice, openNotice } from "./notice-view.js";
import { regionName } from "./regions.js";
import { textLimits } from "./limits.js";
import { documentList, normaliseCaseId, timeline } from "./track-model.js";

const form = document.getElementById("track-form");
const errorBox = document.getElementById("track-error");
const result = document.getElementById("result");
const actionStatus = document.getElementById("action-status");
const reviewForm = document.getElementById("review-form");
const evaluationForm = document.getElementById("evaluation-form");

// The receipt links here with the case id in the fragment (never the query code).
if (location.hash.length > 1) form.elements.namedItem("caseId").value = decodeURIComponent(location.hash.slice(1));

let current; // { caseId, queryCode }

/** The page shows the answer for the case asked for last, never an earlier one. */
const loads = latestOnly();

async function load() {
	const isLatest = loads.begin();
	const r = await request("GET", `/v1/petitions/${encodeURIComponent(current.caseId)}`, {
		headers: { "x-query-code": current.queryCode },
	});
	if (!isLatest()) return;
	if (r.status !== 200) {
		result.hidden = true;
		errorBox.textContent =
			r.status === 404 ? "未找到该案件，或查询码不正确。请核对案件编号和查询码。" : describeError(r.status, r.body);
		return;
	}
	clear(errorBox);
	render(r.body);
}

function render(view) {
	document.getElementById("result-title").textContent = view.title;
	const facts = document.getElementById("facts");
	clear(facts);
	const rows = [
		["案件编号", view.caseId],
		["状态", `${label(statusLabels, view.status)} · ${label(stageLabels, view.stage)}`],
		["问题属地", regionName(view.region)],
		["信访类别", view.category ? label(categoryLabels, view.category) : "待分类"],
		["渠道", label(channelLabels, view.channel)],
		["登记时间", formatDateTime(view.receivedAt)],
		["当前环节期限", view.dueAt && view.status !== "closed" ? formatDate(view.dueAt) : "—"],
		["责任单位", view.unit ?? "—"],
		["信访人", `${view.petitioner?.name ?? ""} ${view.petitioner?.phone ?? ""}`],
	];
	if (view.evaluation) rows.push(["评价", label(satisfactionLabels, view.evaluation.satisfaction)]);
	for (const [k, v] of rows) facts.append(h("dt", {}, k), h("dd", {}, v));

	const tl = document.getElementById("timeline");
	clear(tl);
	for (const step of timeline(view)) {
		tl.append(
			h(
				"li",
				{ class: step.state, "aria-current": step.state === "current" ? "step" : undefined },
				h("span", { class: "step" }, step.label),
				h(
					"span",
					{ class: "meta" },
					[step.date, step.note].filter(Boolean).join(" · ") ||
						(step.state === "skipped" ? "未经此环节" : "未到此环节"),
				),
			),
		);
	}

	const replyCard = document.getElementById("reply-card");
	replyCard.hidden = !view.reply;
	if (view.reply) {
		const reply = clear(document.getElementById("reply"));
		reply.append(
			h("p", {}, `答复结果：${label(replyOutcomeLabels, view.reply.outcome)}（${formatDate(view.reply.at)}）`),
			h("p", { class: "doc-text" }, view.reply.text),
		);
	}

	const docs = clear(document.getElementById("documents"));
	const list = documentList(view);
	if (!list.length) docs.append(h("p", { class: "hint" }, "暂无告知书或意见书。"));
	clear(document.getElementById("evidence-list")).append(evidenceList(view.evidence));
	closeNotice();
	for (const d of list) {
		const open = h(
			"button",
			{ type: "button", class: "secondary", onclick: () => openNotice(d.doc, view, open) },
			`查看、打印《${d.title}》`,
		);
		docs.append(
			h(
				"article",
				{ class: "doc" },
				h("h4", {}, d.title),
				h("p", { class: "hint" }, d.date),
				h("p", { class: "doc-text" }, d.text),
				h("div", { class: "actions" }, open),
			),
		);
	}

	reviewForm.hidden = !view.canRequest;
	if (view.canRequest) {
		const what = view.canRequest === "review" ? "复查" : "复核";
		document.getElementById("review-title").textContent = `申请${what}`;
		document.getElementById("review-hint").textContent =
			`对${view.canRequest === "review" ? "处理意见" : "复查意见"}不服的，可在收到之日起30日内申请${what}${view.dueAt ? `（截至 ${formatDate(view.dueAt)}）` : ""}。`;
		document.getElementById("review-submit").textContent = `申请${what}`;
	}
	evaluationForm.hidden = !view.canEvaluate;
	result.hidden = false;
}

form.addEventListener("submit", async (e) => {
	e.preventDefault();
	const v = formValues(form);
	current = { caseId: normaliseCaseId(v.caseId), queryCode: String(v.queryCode ?? "").trim() };
	clear(actionStatus);
	if (!current.caseId || !current.queryCode) {
		errorBox.textContent = "请填写案件编号和查询码。";
		return;
	}
	const button = document.getElementById("track-submit");
	button.disabled = true;
	try {
		await load();
	} finally {
		button.disabled = false;
	}
});

/** Posts a petitioner request, then reloads the view so the page shows what changed. */
async function petitionerPost(formEl, path, body, done) {
	const button = formEl.querySelector("button[type=submit]");
	button.disabled = true;
	clear(actionStatus);
	actionStatus.className = "alert";
	try {
		const r = await request("POST", `/v1/petitions/${encodeURIComponent(current.caseId)}/${path}`, {
			body,
			headers: { "x-query-code": current.queryCode },
		});
		if (r.status >= 200 && r.status < 300) {
			actionStatus.className = "alert ok";
			actionStatus.textContent = done;
			formEl.reset();
			await load();
		} else {
			actionStatus.className = "alert error-box";
			actionStatus.textContent = describeError(r.status, r.body);
			showFieldErrors(formEl, issuesByField(r.body), actionStatus);
		}
	} finally {
		button.disabled = false;
	}
}

const reviewCounters = { reason: attachCounter(reviewForm.elements.namedItem("reason"), textLimits.reason) };

reviewForm.addEventListener("submit", (e) => {
	e.preventDefault();
	const reason = String(formValues(reviewForm).reason ?? "").trim();
	if (!reason) return showFieldErrors(reviewForm, { reason: ["请填写申请理由"] })?.focus();
	const tooLong = counterIssues(reviewCounters);
	if (Object.keys(tooLong).length) return showFieldErrors(reviewForm, tooLong)?.focus();
	return petitionerPost(reviewForm, "review-requests", { reason }, "申请已提交，复查/复核机关将在30日内作出决定。");
});

evaluationForm.addEventListener("submit", (e) => {
	e.preventDefault();
	const satisfaction = formValues(evaluationForm).satisfaction;
	if (!satisfaction) return showFieldErrors(evaluationForm, { satisfaction: ["请选择一项评价"] });
	return petitionerPost(evaluationForm, "evaluations", { satisfaction }, "感谢您的评价。");
});
