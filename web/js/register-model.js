/** 登记 at the counter: the POST /v1/cases body for a letter or visit, and the receipt's lines. */
import { channelLabels, cstOffsetMs, formatDate, formatDateTime } from "./format.js";
import { buildPetitionBody } from "./petition-form.js";

/** R20: a group elects at most 5 representatives; the petitioner is the first, so at most 4 more. */
export const maxRepresentatives = 5;

const text = (v) => (typeof v === "string" ? v.trim() : "");

/** "2026-11-30T09:05" (a datetime-local value, China time) → "2026-11-30T09:05:00+08:00"; "" when empty or malformed. */
export function receivedAtFromLocal(value) {
	const v = text(value);
	const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?$/.exec(v);
	return m ? `${m[1]}T${m[2]}${m[3] ?? ":00"}+08:00` : "";
}

/** The datetime-local value for an instant in China time ("YYYY-MM-DDTHH:MM"), e.g. now as the default 收到时间. */
export function localInputValue(ms = Date.now()) {
	return new Date(ms + cstOffsetMs).toISOString().slice(0, 16);
}

/**
 * The POST /v1/cases body from the form's values (strings) and the representative rows
 * (`[{ name, idNumber, phone }]`).
 */
export function buildRegistrationBody(values, representativeRows = []) {
	const petition = buildPetitionBody(values);
	// Every row is sent, blank or not, so an error at representatives.N points at the Nth row.
	const representatives = representativeRows.map((r) => {
		const phone = text(r.phone);
		return { name: text(r.name), idNumber: text(r.idNumber).toUpperCase(), ...(phone ? { phone } : {}) };
	});
	return {
		...petition,
		channel: text(values.channel),
		receivedAt: receivedAtFromLocal(values.receivedAt),
		...(representatives.length ? { representatives } : {}),
	};
}

/** The form field an issue path of POST /v1/cases names: "representatives.1.idNumber" → "rep-1-idNumber". */
export function registrationFieldOf(path) {
	const p = String(path ?? "");
	const rep = /^representatives\.(\d+)\.(name|idNumber|phone)$/.exec(p);
	if (rep) return `rep-${rep[1]}-${rep[2]}`;
	if (p === "representatives") return "representatives";
	if (p === "channel" || p === "receivedAt") return p;
	const last = p.startsWith("petitioner.") ? p.slice("petitioner.".length) : p;
	return [
		"name",
		"idNumber",
		"phone",
		"address",
		"region",
		"category",
		"title",
		"content",
		"persons",
		"public",
	].includes(last)
		? last
		: "";
}

/** The lines of the printed 回执 (acknowledgement of receipt). */
export function receiptLines(result, body) {
	return [
		["案件编号", result.caseId],
		["查询码", result.queryCode],
		["信访形式", channelLabels[body.channel] ?? body.channel],
		["收到时间", formatDateTime(body.receivedAt)],
		["信访人", body.petitioner.name],
		[
			"涉及人数",
			body.persons
				? `${body.persons} 人${body.representatives?.length ? `（代表 ${body.representatives.length + 1} 人）` : ""}`
				: "—",
		],
		["事项标题", body.title],
		["受理决定期限", result.dueAt ? `${formatDate(result.dueAt)} 前告知是否受理（条例第二十二条）` : "—"],
	];
}
