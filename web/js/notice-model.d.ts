export function chineseDate(iso: string | null | undefined): string;
export function noticeModel(
	doc: { title: string; text: string; issuedAt: string; issuer?: string; basis?: string },
	view: { caseId: string; petitioner?: { name?: string } },
): {
	heading: string;
	title: string;
	number: string;
	to: string;
	paragraphs: string[];
	basis: string;
	signature: string;
	date: string;
};
