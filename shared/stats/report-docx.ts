/**
 * The annual report as a Word document (npm `docx`), laid out like the bureau's own: the title centred
 * in 小标宋-style bold, 一/二/三 headings in 黑体, body paragraphs in 仿宋 三号 with a two-character first
 * line indent, the figures table ruled, the note below it. The words are reportDocument's, the same
 * as the Markdown's.
 */
import {
	AlignmentType,
	BorderStyle,
	Document,
	Packer,
	Paragraph,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType,
} from "docx";
import { type ReportDocument, type ReportInput, reportDocument } from "#shared/stats/report.ts";

const fonts = { title: "方正小标宋简体", heading: "黑体", body: "仿宋_GB2312" } as const;
/** Half-points: 二号 22 pt, 三号 16 pt, 小四 12 pt. */
const size = { title: 44, body: 32, table: 24 } as const;
const font = (name: string) => ({ ascii: name, eastAsia: name, hAnsi: name });
const bodyParagraph = (text: string) =>
	new Paragraph({
		children: [new TextRun({ text, font: font(fonts.body), size: size.body })],
		indent: { firstLine: 640 }, // two characters of 三号
		spacing: { line: 560, lineRule: "exact" },
		alignment: AlignmentType.JUSTIFIED,
	});

function table(t: NonNullable<ReportDocument["sections"][number]["table"]>): Table {
	const line = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
	const cell = (text: string, bold = false) =>
		new TableCell({
			children: [new Paragraph({ children: [new TextRun({ text, bold, font: font(fonts.body), size: size.table })] })],
			borders: { top: line, bottom: line, left: line, right: line },
		});
	return new Table({
		width: { size: 100, type: WidthType.PERCENTAGE },
		rows: [
			new TableRow({ tableHeader: true, children: t.header.map((h) => cell(h, true)) }),
			...t.rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) })),
		],
	});
}

export function reportDocx(d: ReportDocument): Document {
	const children: (Paragraph | Table)[] = [
		new Paragraph({
			children: [new TextRun({ text: d.title, bold: true, font: font(fonts.title), size: size.title })],
			alignment: AlignmentType.CENTER,
			spacing: { after: 480 },
		}),
		bodyParagraph(d.lead),
	];
	for (const section of d.sections) {
		children.push(
			new Paragraph({
				children: [new TextRun({ text: section.heading, font: font(fonts.heading), size: size.body })],
				indent: { firstLine: 640 },
				spacing: { before: 240, line: 560, lineRule: "exact" },
			}),
		);
		for (const p of section.paragraphs) children.push(bodyParagraph(p));
		if (section.table) children.push(table(section.table));
	}
	children.push(bodyParagraph(d.note));
	return new Document({
		creator: "信访案件系统",
		title: d.title,
		sections: [{ properties: { page: { margin: { top: 2098, bottom: 1984, left: 1588, right: 1474 } } }, children }],
	});
}

/** The report's .docx bytes. */
export async function annualReportDocx(input: ReportInput): Promise<Buffer> {
	return Packer.toBuffer(reportDocx(reportDocument(input)));
}
