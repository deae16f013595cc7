/** 登记: intake registers a letter or a visit at the counter (POST /v1/cases) and prints the 回执. */
import { request } from "./api.js";
import { attachCounter, counterIssues } from "./counter.js";
import { clear, fillSelect, formValues, h, showFieldErrors } from "./dom.js";
import { describeError, issuesByField } from "./errors.js";
import { formatDate } from "./format.js";
import { checkResidentId, isValidMobile } from "./identity.js";
import { countChars, textLimits } from "./limits.js";
import { counties, regionName } from "./regions.js";
import {
	buildRegistrationBody,
	localInputValue,
	maxRepresentatives,
	receiptLines,
	registrationFieldOf,
} from "./register-model.js";
import { setupLogin, signOut } from "./session.js";

const form = document.getElementById("register-form");
const summary = document.getElementById("form-error");
const submit = document.getElementById("submit");
const submitStatus = document.getElementById("submit-status");
const receipt = document.getElementById("receipt");
const repRows = document.getElementById("rep-rows");
const addRep = document.getElementById("add-rep");
const received = form.elements.namedItem("receivedAt");

const counters = {
	title: attachCounter(form.elements.namedItem("title"), textLimits.title),
	content: attachCounter(form.elements.namedItem("content"), textLimits.content),
};

let session;
let inFlight = false;

/** The counties the signed-in user may register for (its own region and below; admin: all). */
function fillRegions() {
	const own = session?.claims.region;
	const allowed =
		session?.claims.role === "admin" || own === "431100" ? counties : counties.filter((c) => c.code === own);
	fillSelect(
		form.elements.namedItem("region"),
		allowed.map((c) => ({ value: c.code, label: c.name })),
		allowed.length > 1 ? "请选择问题发生地" : undefined,
	);
}

function resetReceivedAt() {
	received.max = localInputValue();
	received.value = localInputValue();
}

// Representative rows (R20): the petitioner is the first representative, up to 4 more here.
function repInputs() {
	return [...repRows.querySelectorAll("fieldset")].map((fs) => ({
		name: fs.querySelector("[data-rep=name]").value,
		idNumber: fs.querySelector("[data-rep=idNumber]").value,
		phone: fs.querySelector("[data-rep=phone]").value,
	}));
}

/** Renumbers the rows after an add or a removal so ids, names and error slots follow the API's indexes. */
function renumberReps() {
	const rows = [...repRows.querySelectorAll("fieldset")];
	rows.forEach((fs, i) => {
		fs.querySelector("legend").textContent = `代表 ${i + 2}`;
		for (const input of fs.querySelectorAll("[data-rep]")) {
			const field = `rep-${i}-${input.dataset.rep}`;
			input.id = field;
			input.name = field;
			input.setAttribute("aria-describedby", `${field}-error`);
			input.closest(".field").querySelector("label").htmlFor = field;
			const err = input.closest(".field").querySelector(".error");
			err.id = `${field}-error`;
			err.dataset.errorFor = field;
		}
		fs.querySelector("button").textContent = `删除代表 ${i + 2}`;
	});
	addRep.disabled = rows.length >= maxRepresentatives - 1;
	addRep.textContent = addRep.disabled ? `已达代表上限（${maxRepresentatives} 人）` : "添加代表";
}

function addRepRow() {
	if (repRows.querySelectorAll("fieldset").length >= maxRepresentatives - 1) return;
	const field = (key, labelText, attrs) =>
		h(
			"div",
			{ class: "field" },
			h("label", {}, labelText),
			h("input", { type: key === "phone" ? "tel" : "text", "data-rep": key, autocomplete: "off", ...attrs }),
			h("p", { class: "error" }),
		);
	const fs = h(
		"fieldset",
		{ class: "rep" },
		h("legend", {}, ""),
		h(
			"div",
			{ class: "grid" },
			field("name", "姓名", { required: true }),
			field("idNumber", "居民身份证号码", { required: true, maxlength: 18, spellcheck: "false" }),
			field("phone", "手机号码（选填）", { inputmode: "numeric", maxlength: 11 }),
		),
		h("div", { class: "actions" }, h("button", { type: "button", class: "secondary" }, "")),
	);
	fs.querySelector("button").addEventListener("click", () => {
		const next = fs.nextElementSibling ?? fs.previousElementSibling;
		fs.remove();
		renumberReps();
		(next?.querySelector("input") ?? addRep).focus();
	});
	repRows.append(fs);
	renumberReps();
	fs.querySelector("input").focus();
}
addRep.addEventListener("click", addRepRow);

/** The checks the browser can make before asking the server (the server checks again). */
function localIssues(body) {
	const out = {};
	const add = (f, m) => {
		out[f] = [...(out[f] ?? []), m];
	};
	if (!body.receivedAt) add("receivedAt", "请填写收到时间");
	else if (Date.parse(body.receivedAt) > Date.now() + 60_000) add("receivedAt", "收到时间不能晚于现在");
	if (!body.petitioner.name) add("name", "请填写姓名");
	else if (countChars(body.petitioner.name) > textLimits.name) add("name", `姓名不能超过 ${textLimits.name} 字`);
	const id = checkResidentId(body.petitioner.idNumber);
	if (!id.ok) add("idNumber", id.empty ? "请填写居民身份证号码" : id.message);
	if (!isValidMobile(body.petitioner.phone)) add("phone", "手机号码无效（11位，以13–19开头）");
	if (countChars(body.petitioner.address) > textLimits.address) add("address", `住址不能超过 ${textLimits.address} 字`);
	if (!body.region) add("region", "请选择问题属地");
	if (!body.title) add("title", "请填写标题");
	if (!body.content) add("content", "请填写信访内容");
	for (const [field, messages] of Object.entries(counterIssues(counters))) for (const m of messages) add(field, m);
	if (body.persons !== undefined && !(Number.isInteger(body.persons) && body.persons >= 1))
		add("persons", "涉及人数须为正整数");
	(body.representatives ?? []).forEach((r, i) => {
		if (!r.name) add(`rep-${i}-name`, "请填写代表姓名");
		const rid = checkResidentId(r.idNumber);
		if (!rid.ok) add(`rep-${i}-idNumber`, rid.empty ? "请填写代表的身份证号码" : rid.message);
		if (r.phone && !isValidMobile(r.phone)) add(`rep-${i}-phone`, "手机号码无效");
	});
	const reps = body.representatives?.length ?? 0;
	if (reps && (body.persons ?? 1) < reps + 1) add("persons", `涉及人数不能少于代表人数（${reps + 1} 人，含信访人）`);
	return out;
}

form.addEventListener("submit", async (e) => {
	e.preventDefault();
	if (inFlight) return;
	clear(summary);
	summary.className = "alert error-box";
	const body = buildRegistrationBody(formValues(form), repInputs());
	const local = localIssues(body);
	if (Object.keys(local).length) {
		summary.append(h("p", {}, "请更正下列标出的项目后再登记。"));
		showFieldErrors(form, local, summary)?.focus();
		return;
	}
	showFieldErrors(form, {}, summary);
	inFlight = true;
	submit.disabled = true;
	submitStatus.textContent = "正在登记…";
	try {
		const r = await request("POST", "/v1/cases", { body, token: session?.token });
		if (r.status === 401) {
			signOut();
			location.reload();
			return;
		}
		if (r.status === 201 && r.body?.caseId) return showReceipt(r.body, body);
		if (r.status === 200 && r.body?.repeatOf) {
			summary.append(
				h(
					"p",
					{},
					`重复信访：该信访人就同一事项的案件 ${r.body.repeatOf} 仍在办理中，本次已记入原件（第 ${r.body.repeats} 次重复），未另行立案。`,
				),
				h("p", {}, h("a", { href: "workbench.html" }, "到工作台查看原件")),
			);
			summary.className = "alert ok";
			summary.focus();
			submitStatus.textContent = "";
			return;
		}
		summary.append(h("p", {}, describeError(r.status, r.body)));
		showFieldErrors(form, issuesByField(r.body, registrationFieldOf), summary)?.focus();
		submitStatus.textContent = "";
	} finally {
		inFlight = false;
		submit.disabled = false;
	}
});

function showReceipt(result, body) {
	document.getElementById("receipt-org").textContent = `${regionName(body.region)}信访局`;
	const lines = clear(document.getElementById("receipt-lines"));
	for (const [i, [k, v]] of receiptLines(result, body).entries())
		lines.append(h("dt", {}, k), h("dd", { class: i < 2 ? undefined : "text" }, v));
	document.getElementById("receipt-date").textContent = `登记日期：${formatDate(new Date().toISOString())}`;
	submitStatus.textContent = "";
	form.hidden = true;
	receipt.hidden = false;
	receipt.focus();
}

document.getElementById("print-receipt").addEventListener("click", () => window.print());
/** An empty form for the next petition (or the next user), the last receipt gone. */
function startAnew() {
	form.reset();
	clear(repRows);
	renumberReps();
	resetReceivedAt();
	fillRegions();
	for (const c of Object.values(counters)) c.check();
	showFieldErrors(form, {}, summary);
	clear(summary);
	clear(document.getElementById("receipt-lines"));
	receipt.hidden = true;
}

document.getElementById("register-next").addEventListener("click", () => {
	startAnew();
	form.hidden = false;
	form.querySelector("input[name=channel]").focus();
});

renumberReps();
setupLogin({
	roles: ["intake", "admin"],
	defaults: { user: "intake01", role: "intake", region: "431127" },
	onChange: (s) => {
		session = s;
		// The next user starts on an empty form: nothing of the previous one's petitioner or receipt.
		startAnew();
		form.hidden = !s;
	},
});
