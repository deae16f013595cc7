/**
 * Text messages to the petitioner's mobile (短信): the query code at registration and a line for each
 * notice (告知书/意见书) the case issues. Written as outbox items in the same transaction as the
 * case change that causes them (shared/store/dynamodb-case-store.ts); `sendSms` delivers them.
 */
import type { Case, CaseDocument } from "#shared/domain/case.ts";
import { maskPhone } from "#shared/domain/identity.ts";
import { findRegion } from "#shared/domain/regions.ts";
import { documentIssuer } from "#shared/rules/documents.ts";
import { cstDate } from "#shared/time.ts";

/** One message before it is written: the text sent, and the same with secrets masked (what logs and the admin page show). */
export interface SmsDraft {
	purpose: "query_code" | CaseDocument["kind"];
	text: string;
	masked: string;
}

const chinaDate = (iso: string) => {
	const { month, day } = cstDate(Date.parse(iso));
	return `${month}月${day}日`;
};

/** The query code at registration: the one secret a petitioner needs to track the case. */
export function queryCodeSms(kase: Pick<Case, "caseId" | "region">, queryCode: string): SmsDraft {
	const org = `${findRegion(kase.region)?.name ?? ""}信访局`;
	const text = (code: string) =>
		`【${org}】您的信访事项已登记，案件编号${kase.caseId}，查询码${code}。凭编号和查询码可在网上查询办理进度，请妥善保存。`;
	return { purpose: "query_code", text: text(queryCode), masked: text("**********") };
}

/** A notice issued: its title and date, where to read it; the text itself stays on the tracking page. */
export function noticeSms(kase: Pick<Case, "caseId" | "region" | "unit">, doc: CaseDocument): SmsDraft {
	const text = `【${documentIssuer(doc.kind, kase)}】您的信访事项${kase.caseId}已于${chinaDate(doc.issuedAt)}出具《${doc.title}》，请凭查询码在网上查询查看。`;
	return { purpose: doc.kind, text, masked: text };
}

/** The notices a change issues: the documents `after` has that `before` had not. */
export function smsForChange(before: Pick<Case, "documents">, after: Case): SmsDraft[] {
	return after.documents.slice(before.documents.length).map((d) => noticeSms(after, d));
}

/** An outbox item's phone as logs may show it. */
export const loggablePhone = (phone: string) => maskPhone(phone);
