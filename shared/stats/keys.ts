/**
 * Item keys of the counters table (shared/specs/tables.ts) used by the stats pipeline.
 *
 * Counters: one item per county × month, every counter an attribute of it updated with `ADD`:
 * `pk = C#<group>#<year>`, `sk = <county>#<MM>`, where the group is the county's parent region (the
 * city). An event touches one item per month its deltas fall in (usually one). A city's or the
 * province's figures, and a year's, are sums of these items at read time: one Query reads a city's
 * whole year — every county and month of it — which is also what rank and share need.
 *
 * Per case, the aggregator's state: `pk = APPLIED#<caseId>`, `sk = state` — the sequence numbers of
 * the events already applied (exactly once) and the facts later events need.
 */
import { findRegion } from "#shared/domain/regions.ts";
import type { Delta } from "#shared/stats/counters.ts";
import { cstDate } from "#shared/time.ts";

export const COUNTER_PREFIX = "C#";

/** The partition a county's counters live in: its parent region (a county without one is its own group). */
export const groupOf = (county: string) => findRegion(county)?.parent ?? county;

export const counterPk = (group: string, year: number) => `${COUNTER_PREFIX}${group}#${year}`;
export const counterSk = (county: string, month: number) => `${county}#${String(month).padStart(2, "0")}`;

/** `YYYY` or `YYYY-MM`: how periods are named in the API and the recount. */
export const periodOf = (year: number, month?: number) =>
	month === undefined ? String(year) : `${year}-${String(month).padStart(2, "0")}`;

/** `YYYY` or `YYYY-MM` → year and month. */
export function parsePeriod(period: string): { year: number; month?: number } {
	const [y, m] = period.split("-");
	return m === undefined ? { year: Number(y) } : { year: Number(y), month: Number(m) };
}

/** The periods an instant is counted in: its year and its month, in China Standard Time. */
export function periodsOf(at: string): [string, string] {
	const { year, month } = cstDate(Date.parse(at));
	return [periodOf(year), periodOf(year, month)];
}

export const caseStateKey = (caseId: string) => ({ pk: `APPLIED#${caseId}`, sk: "state" });

/** Attributes of a counter item that are not counters. */
export const counterItemKeys = new Set(["pk", "sk", "region", "year", "month"]);

/** The changes of one counter item: the county's month, and what is added to each counter. */
export interface CounterUpdate {
	pk: string;
	sk: string;
	region: string;
	year: number;
	month: number;
	add: Record<string, number>;
}

/**
 * The counter items an event's deltas touch: each delta goes to the county's item of the month (CST)
 * of its time. Deltas on the same item are merged into one update (a transaction may touch an item
 * once), those that cancel out are dropped, and so is an update left with nothing to add.
 */
export function counterUpdates(county: string, deltas: readonly Delta[]): CounterUpdate[] {
	const byKey = new Map<string, CounterUpdate>();
	for (const d of deltas) {
		const { year, month } = cstDate(Date.parse(d.at));
		const pk = counterPk(groupOf(county), year);
		const sk = counterSk(county, month);
		const key = `${pk}\u0000${sk}`;
		let u = byKey.get(key);
		if (!u) {
			u = { pk, sk, region: county, year, month, add: {} };
			byKey.set(key, u);
		}
		u.add[d.counter] = (u.add[d.counter] ?? 0) + d.n;
	}
	const out: CounterUpdate[] = [];
	for (const u of byKey.values()) {
		u.add = Object.fromEntries(Object.entries(u.add).filter(([, n]) => n !== 0));
		if (Object.keys(u.add).length) out.push(u);
	}
	return out;
}
