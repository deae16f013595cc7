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
import { counterPk, counterUpdates, periodOf } from "#shared/stats/keys.ts";
import { readCounts } from "#shared/stats/read.ts";
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
	pk: string;
	sk: string;
	counted: number;
	stored: number;
}

export interface RecountResult {
	cases: number;
	events: number;
	/** Counter values recomputed from the events, by counter partition (`C#<region>#<period>`) and name. */
	counted: Record<string, Record<string, number>>;
	stored: Record<string, Record<string, number>>;
	differences: Difference[];
}

/** The periods a year's counters are kept under: the year and its twelve months. */
const periodsOfYear = (year: number) => [periodOf(year), ...Array.from({ length: 12 }, (_, i) => periodOf(year, i + 1))];

export async function recount(
	doc: DynamoDBDocumentClient,
	tables: { cases: string; counters: string },
	q: RecountQuery,
): Promise<RecountResult> {
	const counties = regions.filter((r) => r.level === "county" && isWithin(r.code, q.region)).map((r) => r.code);
	const targets = new Set(periodsOfYear(q.year).map((p) => counterPk(q.region, p)));
	const counted: Record<string, Record<string, number>> = Object.fromEntries([...targets].map((pk) => [pk, {}]));

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
					const bucket = counted[u.pk];
					if (bucket) bucket[u.sk] = (bucket[u.sk] ?? 0) + u.n;
				}
			}
		}
	};
	await Promise.all(Array.from({ length: 8 }, worker));

	const stored: Record<string, Record<string, number>> = {};
	await Promise.all(
		periodsOfYear(q.year).map(async (p) => {
			stored[counterPk(q.region, p)] = { ...(await readCounts(doc, tables.counters, q.region, p)) };
		}),
	);

	const differences: Difference[] = [];
	for (const pk of targets) {
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
