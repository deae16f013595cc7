/** A notice (告知书, 意见书) as a printable document: heading, title, number, addressee, body, basis, date. */
import { cstOffsetMs } from "./format.js";

/** "2026-11-30T02:00:00Z" → "2026年11月30日" (China time), as official documents date themselves. */
export function chineseDate(iso) {
	const ms = Date.parse(iso ?? "");
	if (Number.isNaN(ms)) return "";
	const d = new Date(ms + cstOffsetMs);
	return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/**
 * The printable notice from a document of the tracking view (GET /v1/petitions/{id}) or the staff
 * view (GET /v1/cases/{id}): both carry `issuer` and `basis` next to title, text and issuedAt.
 */
export function noticeModel(doc, view) {
	return {
		heading: doc.issuer ?? "",
		title: doc.title,
		number: `案件编号：${view.caseId}`,
		to: `${view.petitioner?.name ?? "信访人"}：`,
		paragraphs: String(doc.text ?? "")
			.split("\n")
			.map((p) => p.trim())
			.filter(Boolean),
		basis: doc.basis ? `依据：${doc.basis}` : "",
		signature: doc.issuer ?? "",
		date: chineseDate(doc.issuedAt),
	};
}
