/** The written notices a case issues (告知书, 意见书): titles and texts shown to the petitioner. */
import type { Case, DocumentKind } from "#shared/domain/case.ts";
import { findRegion, findUnit } from "#shared/domain/regions.ts";

const titles: Record<DocumentKind, string> = {
	acceptance_notice: "信访事项受理告知书",
	rejection_notice: "信访事项不予受理告知书",
	other_procedure_notice: "信访事项转入其他法定程序告知书",
	extension_notice: "信访事项延期办理告知书",
	reply: "信访事项处理意见书",
	review_decision: "信访事项复查意见书",
	rereview_decision: "信访事项复核意见书",
};

const procedures: Record<string, string> = {
	litigation: "诉讼",
	arbitration: "仲裁",
	reconsideration: "行政复议",
	other: "其他法定程序",
};

/** `detail` is the unit's name, the reason or the decision text, depending on the document. */
export function documentText(kind: DocumentKind, kase: Case, detail: string): { title: string; text: string } {
	const matter = `您反映的“${kase.title}”（编号 ${kase.caseId}）`;
	const where = findRegion(kase.region)?.name ?? kase.region;
	const bodies: Record<DocumentKind, string> = {
		acceptance_notice: `${matter}已依法受理，并转交${detail}办理。办理单位将在60日内出具书面处理意见。`,
		rejection_notice: `${matter}经审查不予受理。理由：${detail}`,
		other_procedure_notice: `${matter}属于应当通过${procedures[kase.procedure ?? "other"] ?? "其他法定程序"}解决的事项，请依照有关法律、行政法规规定的程序提出。说明：${detail}`,
		extension_notice: `${matter}因情况复杂，办理期限延长30日。理由：${detail}`,
		reply: `${matter}的处理意见：${detail}\n如对本意见不服，可自收到之日起30日内请求原办理单位的上一级机关复查。`,
		review_decision: `${matter}的复查意见：${detail}\n如对复查意见不服，可自收到之日起30日内向复查机关的上一级机关请求复核。`,
		rereview_decision: `${matter}的复核意见：${detail}\n信访人对复核意见不服，仍以同一事实和理由提出信访请求的，不再受理。`,
	};
	return { title: `${where}${titles[kind]}`, text: bodies[kind] };
}

/** The article of the 信访工作条例 (2022) each notice rests on (R22 = 第二十二条, as in docs/domain.md). */
export const documentBasis: Record<DocumentKind, string> = {
	acceptance_notice: "《信访工作条例》第二十二条、第二十三条",
	rejection_notice: "《信访工作条例》第二十二条",
	other_procedure_notice: "《信访工作条例》第三十一条",
	extension_notice: "《信访工作条例》第三十四条",
	reply: "《信访工作条例》第三十二条、第三十四条",
	review_decision: "《信访工作条例》第三十五条",
	rereview_decision: "《信访工作条例》第三十六条",
};

/**
 * Who issues a notice (its heading): the county's 信访局 decides on acceptance; the responsible unit
 * extends and replies; the county's people's government reviews (复查) and the city's re-reviews (复核).
 */
export function documentIssuer(kind: DocumentKind, kase: Pick<Case, "region" | "unit">): string {
	const county = findRegion(kase.region);
	const countyName = county?.name ?? kase.region;
	switch (kind) {
		case "extension_notice":
		case "reply":
			return (kase.unit ? findUnit(kase.unit)?.name : undefined) ?? `${countyName}信访事项办理单位`;
		case "review_decision":
			return `${countyName}人民政府`;
		case "rereview_decision":
			return `${(county?.parent ? findRegion(county.parent)?.name : undefined) ?? ""}人民政府`;
		default:
			return `${countyName}信访局`;
	}
}

/** A notice as every view shows it: the stored record plus its heading and legal basis. */
export function documentView(d: Case["documents"][number], kase: Pick<Case, "region" | "unit">) {
	return {
		kind: d.kind,
		title: d.title,
		issuedAt: d.issuedAt,
		text: d.text,
		issuer: documentIssuer(d.kind, kase),
		basis: documentBasis[d.kind],
	};
}
