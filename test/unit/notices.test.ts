import { describe, expect, it } from "vitest";
import { documentKindSchema } from "#shared/domain/case.ts";
import { documentBasis, documentIssuer, documentView } from "#shared/rules/documents.ts";
import { chineseDate, noticeModel } from "../../web/js/notice-model.js";

const kase = { region: "431127", unit: "431127-housing" };

describe("notices: heading, basis and date", () => {
	it("every kind of notice names the article it rests on", () => {
		for (const kind of documentKindSchema.options) expect(documentBasis[kind]).toMatch(/^《信访工作条例》第.+条$/);
		expect(documentBasis.extension_notice).toBe("《信访工作条例》第三十四条");
		expect(documentBasis.rereview_decision).toBe("《信访工作条例》第三十六条");
	});

	it("is issued by the body that decided: 信访局, the unit, the county's or the city's government", () => {
		expect(documentIssuer("acceptance_notice", kase)).toBe("蓝山县信访局");
		expect(documentIssuer("rejection_notice", kase)).toBe("蓝山县信访局");
		expect(documentIssuer("reply", kase)).toBe("蓝山县住房和城乡建设局");
		expect(documentIssuer("extension_notice", kase)).toBe("蓝山县住房和城乡建设局");
		expect(documentIssuer("review_decision", kase)).toBe("蓝山县人民政府");
		expect(documentIssuer("rereview_decision", kase)).toBe("永州市人民政府");
	});

	it("dates in China time the way documents are dated", () => {
		expect(chineseDate("2026-03-04T17:00:00Z")).toBe("2026年3月5日");
		expect(chineseDate(undefined)).toBe("");
	});

	it("lays out a notice from the view's document: heading, number, addressee, paragraphs, basis, signature, date", () => {
		const doc = documentView(
			{
				kind: "rejection_notice",
				title: "蓝山县信访事项不予受理告知书",
				issuedAt: "2026-03-04T02:00:00Z",
				text: "您反映的……经审查不予受理。\n理由：不属于信访事项",
			},
			kase,
		);
		expect(noticeModel(doc, { caseId: "XF431127-2026-ABCDEFGH", petitioner: { name: "张*" } })).toEqual({
			heading: "蓝山县信访局",
			title: "蓝山县信访事项不予受理告知书",
			number: "案件编号：XF431127-2026-ABCDEFGH",
			to: "张*：",
			paragraphs: ["您反映的……经审查不予受理。", "理由：不属于信访事项"],
			basis: "依据：《信访工作条例》第二十二条",
			signature: "蓝山县信访局",
			date: "2026年3月4日",
		});
	});
});
