export const rateCards: readonly (readonly [string, string])[];
export const countCards: readonly (readonly [string, string])[];
export function parentScope(region: string | undefined, cityCode?: string): string;
export function keyRates(
	stats: Record<string, any>,
	scope?: string,
): { metric: string; label: string; value: string; rank: string }[];
export function keyCounts(
	stats: Record<string, any>,
	scope?: string,
): { metric: string; label: string; value: string; share: string; yoy: string }[];
export function channelSplit(
	stats: Record<string, any>,
	scope?: string,
): { key: string; label: string; count: number; ofTotal: string; ratio: number; share: string }[];
export function statsQuery(values: Record<string, unknown>, options?: { withMonth?: boolean }): string;
export function periodLabel(period: string | null | undefined): string;
export const seriesRates: readonly (readonly [string, string])[];
export const compareMetrics: readonly (readonly [string, string, "count" | "rate"])[];
interface Table {
	header: string[];
	rows: string[][];
	footer?: string[];
}
export function intakeChart(series: Record<string, any>): {
	categories: string[];
	channels: { key: string; label: string; data: number[] }[];
	points: number;
	table: Table;
};
export function ratesChart(series: Record<string, any>): {
	categories: string[];
	lines: { metric: string; label: string; data: (number | null)[]; target: number | null }[];
	points: number;
	table: Table;
};
export function compareChart(
	series: Record<string, any>,
	metric: string,
): {
	kind: string;
	rows: { region: string; name: string; value: number | null; own: boolean; rank: number | null }[];
	points: number;
	table: Table;
};
export function openChart(
	series: Record<string, any>,
	stageLabels: Record<string, string>,
): { rows: { label: string; value: number; kind: string }[]; points: number; table: Table };
export function pendingNote(stats: Record<string, any>): string;
export function reportBlocks(
	markdown: string,
): (
	| { type: "title" | "heading" | "lead" | "p"; text: string }
	| { type: "table"; header: string[]; rows: string[][] }
)[];
