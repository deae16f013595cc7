/**
 * The recount: the counters of a region and year computed again from the case records and their
 * events (the byRegionDate index, then each case's event items), compared with the stored counters.
 * Both fold events through the same `step`, so any difference means an event was lost, applied
 * twice or applied out of order.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { queryAll } from "#shared/store/query-all.ts";
import { isWithin, regions } from "#shared/domain/regions.ts";
import { type CaseFacts, step } from "#shared/stats/counters.ts";
import { counterUpdates, periodOf } from "#shared/stats/keys.ts";
import { type CountyMonth, readYear, sumCounts } from "#shared/stats/read.ts";
import { caseKey, EVENT_PREFIX, regionYearKey } from "#shared/store/case-keys.ts";
import { eventFromItem } from "#shared/store/dynamodb-case-store.ts";

export interface RecountQuery {
	region: string;
	year: number;
	/**
	 * Cases received this many years before `year` are read too: their later events (a reply, a
	 * closure, an evaluation) fall in `year`. The longest lawful path is under a year; 1 is enough
	 * unless a case stays overdue for longer.
	 */
	lookbackYears?: number;
}

export interface Difference {
	/** `<region>#<period>`, e.g. `431127#2024-03`. */
	pk: string;
	/** The counter. */
	sk: string;
	counted: number;
	stored: number;
}

export interface RecountResult {
	cases: number;
	events: number;
	/** Counter values recomputed from the events, by `<region>#<period>` (the year and its months) and name. */
	counted: Record<string, Record<string, number>>;
	stored: Record<string, Record<string, number>>;
	differences: Difference[];
}

/** The year and its twelve months. */
const monthsOfYear: (number | undefined)[] = [undefined, ...Array.from({ length: 12 }, (_, i) => i + 1)];

/** The region's sums for the year and each month, by `<region>#<period>`. */
function views(items: readonly CountyMonth[], region: string, year: number): Record<string, Record<string, number>> {
	return Object.fromEntries(
		monthsOfYear.map((m) => [`${region}#${periodOf(year, m)}`, { ...sumCounts(items, region, m) }]),
	);
}

export async function recount(
	doc: DynamoDBDocumentClient,
	tables: { cases: string; counters: string },
	q: RecountQuery,
): Promise<RecountResult> {
	const counties = regions.filter((r) => r.level === "county" && isWithin(r.code, q.region)).map((r) => r.code);
	// Recounted county-month items of the year, keyed like the stored ones.
	const recounted = new Map<string, CountyMonth>();

	const caseIds: string[] = [];
	for (let y = q.year - (q.lookbackYears ?? 1); y <= q.year; y++)
		for (const county of counties) {
			const items = await queryAll(doc, {
				TableName: tables.cases,
				IndexName: "byRegionDate",
				KeyConditionExpression: "gsi2pk = :p",
				ExpressionAttributeValues: { ":p": regionYearKey(county, y) },
				ProjectionExpression: "caseId",
			});
			caseIds.push(...items.map((i) => i.caseId as string));
		}

	let events = 0;
	const pending = [...caseIds];
	const worker = async () => {
		for (let id = pending.shift(); id; id = pending.shift()) {
			const items = await queryAll(doc, {
				TableName: tables.cases,
				KeyConditionExpression: "pk = :pk AND begins_with(sk, :evt)",
				ExpressionAttributeValues: { ":pk": caseKey(id).pk, ":evt": EVENT_PREFIX },
				ConsistentRead: true,
			});
			let facts: CaseFacts = {};
			for (const e of items.map(eventFromItem).sort((a, b) => a.seq - b.seq)) {
				events++;
				const s = step(facts, e);
				facts = s.facts;
				for (const u of counterUpdates(e.region, s.deltas)) {
					if (u.year !== q.year) continue;
					const key = `${u.pk}/${u.sk}`;
					let item = recounted.get(key);
					if (!item) {
						item = { region: u.region, month: u.month, counts: {} };
						recounted.set(key, item);
					}
					const counts = item.counts as Record<string, number>;
					for (const [name, n] of Object.entries(u.add)) counts[name] = (counts[name] ?? 0) + n;
				}
			}
		}
	};
	await Promise.all(Array.from({ length: 8 }, worker));

	const counted = views([...recounted.values()], q.region, q.year);
	const stored = views(await readYear(doc, tables.counters, q.region, q.year), q.region, q.year);

	const differences: Difference[] = [];
	for (const pk of Object.keys(counted)) {
		const a = counted[pk] ?? {};
		const b = stored[pk] ?? {};
		for (const sk of new Set([...Object.keys(a), ...Object.keys(b)])) {
			const x = a[sk] ?? 0;
			const y = b[sk] ?? 0;
			if (x !== y) differences.push({ pk, sk, counted: x, stored: y });
		}
	}
	return { cases: caseIds.length, events, counted, stored, differences };
}
