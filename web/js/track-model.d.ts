export interface TimelineStep {
	key: string;
	label: string;
	state: "done" | "current" | "todo" | "skipped";
	date: string;
	note: string;
}
export function timeline(view: Record<string, any>): TimelineStep[];
export function documentList(view: Record<string, any>): { title: string; date: string; text: string }[];
export function normaliseCaseId(value: string | null | undefined): string;
