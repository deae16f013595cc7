/**
 * The time source of every handler. On AWS it is the system clock; the local runtime installs its
 * own clock (real or virtual) so handlers and the workflow engine agree on "now".
 * Calendar days are counted in China Standard Time (UTC+8).
 */
let source: () => number = Date.now;

export function setTimeSource(fn: () => number): void {
	source = fn;
}

export function nowMs(): number {
	return source();
}

export function nowIso(): string {
	return new Date(source()).toISOString();
}

/** China Standard Time is UTC+8 all year (no daylight saving). */
export const CST_OFFSET_MS = 8 * 3600_000;

/** The calendar date in China Standard Time: { year, month (1–12), day }. */
export function cstDate(ms: number): { year: number; month: number; day: number } {
	const d = new Date(ms + CST_OFFSET_MS);
	return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}
