/**
 * Item keys of the counters table (shared/specs/tables.ts) used by the stats pipeline:
 * counters `pk = C#<region>#<period>`, `sk = <counter name>`, value `n`; and per case, the
 * aggregator's "applied" markers and its facts (`pk = APPLIED#<caseId>`).
 */
import { ancestry } from "#shared/domain/regions.ts";
import type { Delta } from "#shared/stats/counters.ts";
import { cstDate } from "#shared/time.ts";

export const COUNTER_PREFIX = "C#";

export const counterPk = (region: string, period: string) => `${COUNTER_PREFIX}${region}#${period}`;

/** `YYYY` or `YYYY-MM`. */
export const periodOf = (year: number, month?: number) => (month === undefined ? String(year) : `${year}-${String(month).padStart(2, "0")}`);

/** The periods an instant is counted in: its year and its month, in China Standard Time. */
export function periodsOf(at: string): [string, string] {
	const { year, month } = cstDate(Date.parse(at));
	return [periodOf(year), periodOf(year, month)];
}

export const appliedKey = (caseId: string, seq: number) => ({ pk: `APPLIED#${caseId}`, sk: String(seq).padStart(6, "0") });
export const factsKey = (caseId: string) => ({ pk: `APPLIED#${caseId}`, sk: "facts" });

export interface CounterUpdate {
	pk: string;
	sk: string;
	n: number;
}

/**
 * The counter items an event's deltas touch: each delta goes to the event's county and every region
 * above it, in the year and the month of its time. Deltas on the same item are merged (a transaction
 * may touch an item once) and those that cancel out are dropped.
 */
export function counterUpdates(region: string, deltas: readonly Delta[]): CounterUpdate[] {
	const regions = ancestry(region);
	const byKey = new Map<string, CounterUpdate>();
	for (const d of deltas)
		for (const period of periodsOf(d.at))
			for (const r of regions.length ? regions : [region]) {
				const pk = counterPk(r, period);
				const key = `${pk}\u0000${d.counter}`;
				const u = byKey.get(key);
				if (u) u.n += d.n;
				else byKey.set(key, { pk, sk: d.counter, n: d.n });
			}
	return [...byKey.values()].filter((u) => u.n !== 0);
}
