/**
 * Statutory deadlines of the 信访工作条例 (2022). "日" is a calendar day; a period counts from the day
 * after its start event and ends at the end of its last day (China Standard Time). Holidays are not
 * known to the system, so calendar days are used throughout.
 */
import { CST_OFFSET_MS } from "#shared/time.ts";

const DAY_MS = 86_400_000;

/** The last millisecond of the CST calendar day that is `days` days after the day of `startMs`. */
export function endOfDayAfter(startMs: number, days: number): number {
	const startDay = Math.floor((startMs + CST_OFFSET_MS) / DAY_MS);
	return (startDay + days + 1) * DAY_MS - CST_OFFSET_MS - 1;
}

/** Which day of the period `atMs` falls on (the start day is day 0). */
export function dayNumber(startMs: number, atMs: number): number {
	return Math.floor((atMs + CST_OFFSET_MS) / DAY_MS) - Math.floor((startMs + CST_OFFSET_MS) / DAY_MS);
}

export const deadlines = {
	acceptanceDays: 15, // R22: decide on acceptance within 15 days of receipt
	handlingDays: 60, // R34: handle within 60 days of acceptance
	extensionDays: 30, // R34: one extension of at most 30 days, reasons told to the petitioner
	reviewRequestDays: 30, // R35: ask for 复查 within 30 days of the reply
	reviewDecisionDays: 30, // R35: decide 复查 within 30 days
	rereviewRequestDays: 30, // R36: ask for 复核 within 30 days of the review decision
	rereviewDecisionDays: 30, // R36: decide 复核 within 30 days
} as const;

/** R22: the acceptance decision is due by the end of the 15th day after receipt. */
export function acceptanceDueAt(receivedAtMs: number): number {
	return endOfDayAfter(receivedAtMs, deadlines.acceptanceDays);
}

export const followUp = {
	supervisionDays: 5, // after a 督办 notice, the step is chased again every 5 days until done
	retransferDays: 5, // after a return (退回), intake re-decides within 5 days
	returnWorkingDays: 5, // R23¶3: a unit objects that it is not competent within 5 working days
	evaluationDays: 30, // the petitioner may evaluate within 30 days of the reply
} as const;

/**
 * The end of the Nth working day after the day of `startMs` (China time). Weekends are skipped;
 * public holidays are not known to the system and count as working days.
 */
export function endOfWorkingDaysAfter(startMs: number, workingDays: number): number {
	let days = 0;
	let counted = 0;
	while (counted < workingDays) {
		days++;
		const weekday = new Date(endOfDayAfter(startMs, days) + CST_OFFSET_MS).getUTCDay();
		if (weekday !== 0 && weekday !== 6) counted++;
	}
	return endOfDayAfter(startMs, days);
}

/** A Step Functions timer for a deadline: whole seconds from now, at least one. */
export function timerSeconds(dueMs: number, nowMs: number): number {
	return Math.max(1, Math.ceil((dueMs - nowMs) / 1000));
}
