/** 网上信访: the form, the inline ID check, submission with one Idempotency-Key per fill, the receipt. */
import { request } from "./api.js";
import { attachCounter, counterIssues } from "./counter.js";
import { clear, fillSelect, formValues, h, showFieldErrors } from "./dom.js";
import { describeError, issuesByField } from "./errors.js";
import { evidenceIssues } from "./evidence-model.js";
import { uploadEvidence } from "./evidence-upload.js";
import { formatDate } from "./format.js";
import { checkResidentId, isValidMobile } from "./identity.js";
import { countChars, textLimits } from "./limits.js";
import { buildPetitionBody, contentHint, fieldOfIssue, newIdempotencyKey, retryDelayMs } from "./petition-form.js";
import { counties } from "./regions.js";

const form = document.getElementById("petition-form");
const summary = document.getElementById("form-error");
const submit = document.getElementById("submit");
const submitStatus = document.getElementById("submit-status");
const receipt = document.getElementById("receipt");

fillSelect(
	form.elements.namedItem("region"),
	counties.map((c) => ({ value: c.code, label: c.name })),
	"请选择问题发生地（永州市各县区）",
);
document.getElementById("content-hint").textContent = contentHint;
const counters = {
	title: attachCounter(form.elements.namedItem("title"), textLimits.title),
	content: attachCounter(form.elements.namedItem("content"), textLimits.content),
};

// One key per fill: kept across retries and double clicks, renewed only for a new petition.
let idempotencyKey = newIdempotencyKey();
let inFlight = false;

const idInput = form.elements.namedItem("idNumber");
const idCheck = document.getElementById("idNumber-check");
const idHint = idCheck.textContent;
/** The live check line back to its hint, when the field's error line says what is wrong (not twice). */
const resetIdCheck = () => {
	idCheck.textContent = idHint;
	idCheck.className = "hint";
};
const showIdCheck = () => {
	const r = checkResidentId(idInput.value);
	if (r.empty) return;
	idCheck.textContent = r.message;
	idCheck.className = r.ok ? "hint check-ok" : "error";
	if (r.ok) idInput.removeAttribute("aria-invalid");
	else idInput.setAttribute("aria-invalid", "true");
};
idInput.addEventListener("input", () => {
	if (idInput.value.trim().length >= 18) showIdCheck();
});
idInput.addEventListener("blur", showIdCheck);

/** The checks the browser can make before asking the server (the server checks again). */
function localIssues(body) {
	const out = {};
	const add = (f, m) => {
		out[f] = [...(out[f] ?? []), m];
	};
	if (!body.petitioner.name) add("name", "请填写姓名");
	const id = checkResidentId(body.petitioner.idNumber);
	if (!id.ok) add("idNumber", id.empty ? "请填写居民身份证号码" : id.message);
	if (!isValidMobile(body.petitioner.phone)) add("phone", "手机号码无效（11位，以13–19开头）");
	if (!body.region) add("region", "请选择问题属地");
	if (!body.title) add("title", "请填写标题");
	if (!body.content) add("content", "请填写信访内容（请求、事实和理由）");
	if (countChars(body.petitioner.name) > textLimits.name) add("name", `姓名不能超过 ${textLimits.name} 字`);
	if (countChars(body.petitioner.address) > textLimits.address) add("address", `住址不能超过 ${textLimits.address} 字`);
	for (const [field, messages] of Object.entries(counterIssues(counters))) for (const m of messages) add(field, m);
	for (const m of evidenceIssues(form.elements.namedItem("evidence").files)) add("evidence", m);
	if (body.persons !== undefined && !(Number.isInteger(body.persons) && body.persons >= 1))
		add("persons", "涉及人数须为正整数");
	return out;
}

form.addEventListener("submit", async (e) => {
	e.preventDefault();
	if (inFlight) return;
	clear(summary);
	const body = buildPetitionBody(formValues(form));
	const local = localIssues(body);
	if (Object.keys(local).length) {
		if (local.idNumber) resetIdCheck();
		summary.append(h("p", {}, "请更正下列标出的项目后再提交。"));
		showFieldErrors(form, local, summary)?.focus();
		return;
	}
	showFieldErrors(form, {}, summary);
	inFlight = true;
	submit.disabled = true;
	submitStatus.textContent = "正在提交…";
	try {
		// Under load the server sheds with 503 + Retry-After: the same body goes again under the same key,
		// so a petition is never made twice and the petitioner need not press again.
		let r;
		for (let attempt = 1; ; attempt++) {
			r = await request("POST", "/v1/petitions", { body, headers: { "idempotency-key": idempotencyKey } });
			const wait = retryDelayMs(r, attempt);
			if (wait === undefined) break;
			submitStatus.textContent = `系统繁忙，${Math.ceil(wait / 1000)} 秒后自动重新提交（第 ${attempt} 次）…`;
			await new Promise((done) => setTimeout(done, wait));
		}
		if (r.status === 201 && r.body?.caseId) {
			showReceipt(r.body);
			return attachEvidence(r.body);
		}
		if (r.status === 200 && r.body?.repeatOf) return showRepeat(r.body);
		summary.append(h("p", {}, describeError(r.status, r.body)));
		showFieldErrors(form, issuesByField(r.body, fieldOfIssue), summary)?.focus();
		submitStatus.textContent = "";
	} finally {
		inFlight = false;
		submit.disabled = false;
	}
});

function showReceipt(result) {
	document.getElementById("receipt-title").textContent = "提交成功，已登记";
	document.getElementById("receipt-case-id").textContent = result.caseId;
	document.getElementById("receipt-query-code").textContent = result.queryCode;
	document.getElementById("receipt-due").textContent = result.dueAt
		? `信访部门将于 ${formatDate(result.dueAt)} 前作出是否受理的决定。`
		: "";
	document.getElementById("receipt-track").href = `track.html#${encodeURIComponent(result.caseId)}`;
	submitStatus.textContent = "";
	form.hidden = true;
	receipt.hidden = false;
	receipt.focus();
}

/** Uploads the chosen evidence files to the new case and lists how each went on the receipt. */
async function attachEvidence(result) {
	const list = clear(document.getElementById("receipt-evidence"));
	const files = [...(form.elements.namedItem("evidence").files ?? [])];
	if (!files.length) return;
	list.append(h("li", {}, "正在上传证据材料…"));
	const results = await uploadEvidence(result.caseId, result.queryCode, files);
	clear(list);
	for (const r of results)
		list.append(h("li", { class: r.ok ? "check-ok" : "error" }, `证据材料“${r.name}”：${r.message}`));
}

/** 重复信访: the same matter is still being handled; nothing new was opened. */
function showRepeat(result) {
	document.getElementById("receipt-title").textContent = "同一事项正在办理中";
	document.getElementById("receipt-case-id").textContent = result.repeatOf;
	document.getElementById("receipt-query-code").textContent = "（沿用原查询码）";
	document.getElementById("receipt-due").textContent = result.message ?? "";
	document.getElementById("receipt-track").href = `track.html#${encodeURIComponent(result.repeatOf)}`;
	submitStatus.textContent = "";
	form.hidden = true;
	receipt.hidden = false;
	receipt.focus();
}

document.getElementById("new-petition").addEventListener("click", () => {
	form.reset();
	for (const c of Object.values(counters)) c.check();
	showFieldErrors(form, {}, summary);
	clear(summary);
	idCheck.className = "hint";
	idCheck.textContent = "18位，最后一位校验码按 GB 11643 计算（可为 X）。";
	idempotencyKey = newIdempotencyKey();
	clear(document.getElementById("receipt-evidence"));
	receipt.hidden = true;
	form.hidden = false;
	form.elements.namedItem("name").focus();
});
