/**
 * Reads figures from the counters only (never cases). Counters are kept per county × month
 * (shared/stats/keys.ts); a region's period is the sum of its counties' items, and one Query reads a
 * city's year — every county and month — so a county's figures, its siblings' (rank) and its
 * parent's (share) come from the same read.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { childrenOf, findRegion, isWithin, regions } from "#shared/domain/regions.ts";
import { type Counts, type Figures, figuresOf, kpiTargets, rankOf, shareOf, yoyOf } from "#shared/kpis.ts";
import { counterItemKeys, counterPk, groupOf, parsePeriod, periodOf } from "#shared/stats/keys.ts";
import { queryAll } from "#shared/store/query-all.ts";

/** One counter item: a county's month. */
export interface CountyMonth {
	region: string;
	month: number;
	counts: Counts;
}

const countiesWithin = (scope: string) =>
	regions.filter((r) => r.level === "county" && isWithin(r.code, scope)).map((r) => r.code);

/** Every counter item of the counties within `scope` (a county, a city or the province) in `year`. */
export async function readYear(
	doc: DynamoDBDocumentClient,
	table: string,
	scope: string,
	year: number,
): Promise<CountyMonth[]> {
	const counties = new Set(countiesWithin(scope));
	if (findRegion(scope)?.level === "county") counties.add(scope);
	const groups = [...new Set([...counties].map(groupOf))];
	const single = counties.size === 1 ? [...counties][0] : undefined;
	const pages = await Promise.all(
		groups.map((group) =>
			queryAll(doc, {
				TableName: table,
				KeyConditionExpression: single ? "pk = :pk AND begins_with(sk, :county)" : "pk = :pk",
				ExpressionAttributeValues: { ":pk": counterPk(group, year), ...(single ? { ":county": `${single}#` } : {}) },
			}),
		),
	);
	const out: CountyMonth[] = [];
	for (const item of pages.flat()) {
		const region = String(item.region);
		if (!counties.has(region)) continue;
		const counts: Record<string, number> = {};
		for (const [k, v] of Object.entries(item)) if (!counterItemKeys.has(k)) counts[k] = Number(v);
		out.push({ region, month: Number(item.month), counts });
	}
	return out;
}

/** The sum of the items of the counties within `region`, of one month or (no month) the whole year. */
export function sumCounts(items: readonly CountyMonth[], region: string, month?: number): Counts {
	const out: Record<string, number> = {};
	for (const item of items) {
		if (month !== undefined && item.month !== month) continue;
		if (item.region !== region && !isWithin(item.region, region)) continue;
		for (const [k, n] of Object.entries(item.counts)) out[k] = (out[k] ?? 0) + n;
	}
	return out;
}

/** Every counter of one region and period (`YYYY` or `YYYY-MM`). */
export async function readCounts(
	doc: DynamoDBDocumentClient,
	table: string,
	region: string,
	period: string,
): Promise<Counts> {
	const { year, month } = parsePeriod(period);
	return sumCounts(await readYear(doc, table, region, year), region, month);
}

export interface StatsQuery {
	region: string;
	year: number;
	month?: number;
}

export type Stats = { region: string; period: string } & Figures & {
		share: ReturnType<typeof shareOf> | Record<string, never>;
		rank: ReturnType<typeof rankOf> | Record<string, never>;
		yoy: ReturnType<typeof yoyOf>;
	};

/** A region's figures with share of its parent, rank among the parent's children and year on year. */
export function statsFrom(items: readonly CountyMonth[], previous: readonly CountyMonth[], q: StatsQuery): Stats {
	const parent = findRegion(q.region)?.parent;
	const figures = (region: string, from = items) => figuresOf(sumCounts(from, region, q.month));
	const own = figures(q.region);
	const siblings = parent ? childrenOf(parent).filter((r) => r.code !== q.region) : [];
	return {
		region: q.region,
		period: periodOf(q.year, q.month),
		...own,
		share: parent ? shareOf(own, figures(parent)) : {},
		rank: parent
			? rankOf(
					own,
					siblings.map((s) => figures(s.code)),
				)
			: {},
		yoy: yoyOf(own, figures(q.region, previous)),
	};
}

export async function readStats(doc: DynamoDBDocumentClient, table: string, q: StatsQuery): Promise<Stats> {
	const scope = findRegion(q.region)?.parent ?? q.region;
	const [items, previous] = await Promise.all([
		readYear(doc, table, scope, q.year),
		readYear(doc, table, q.region, q.year - 1),
	]);
	return statsFrom(items, previous, q);
}

export interface SeriesQuery {
	region: string;
	year: number;
	/** The month the comparison and the open cases are shown for; the whole year when absent. */
	month?: number;
}

export interface Series {
	region: string;
	year: number;
	month: number | null;
	/** The region's figures for each month of the year, January first. */
	months: (Figures & { month: number })[];
	/** The figures of the year (or the month) of a county and its siblings, or of a city's counties, with rank on each rate. */
	compare: { parent: string | null; regions: (Stats & { name: string })[] };
	/** Cases received this year or last and still open, by stage, with the overdue unreplied and the 督办 of the period. */
	open: { byStage: Figures["openByStage"]; overdueUnreplied: number; supervisions: number };
	/** The lines the monthly rates are drawn against. */
	targets: typeof kpiTargets;
}

/** GET /v1/stats/series: twelve months of a region, its siblings compared, its open cases — two year reads. */
export async function readSeries(doc: DynamoDBDocumentClient, table: string, q: SeriesQuery): Promise<Series> {
	const parent = findRegion(q.region)?.parent;
	const scope = parent ?? q.region;
	const [items, previous] = await Promise.all([
		readYear(doc, table, scope, q.year),
		readYear(doc, table, scope, q.year - 1),
	]);
	const months = Array.from({ length: 12 }, (_, i) => ({
		month: i + 1,
		...figuresOf(sumCounts(items, q.region, i + 1)),
	}));
	// A county is compared with its siblings; a city (or the province) shows its own children.
	const children = childrenOf(q.region);
	const group = children.length ? q.region : parent;
	const peers = group ? childrenOf(group).map((r) => r.code) : [q.region];
	const compare = peers.map((code) => ({
		name: findRegion(code)?.name ?? code,
		...statsFrom(items, previous, { region: code, year: q.year, month: q.month }),
	}));
	const own = figuresOf(sumCounts(items, q.region, q.month));
	const last = figuresOf(sumCounts(previous, q.region));
	const byStage = { ...own.openByStage };
	// Open cases are filed under their receipt: this year's and last year's still-open cases together.
	const thisYear = figuresOf(sumCounts(items, q.region)).openByStage;
	for (const k of Object.keys(byStage) as (keyof typeof byStage)[]) byStage[k] = thisYear[k] + last.openByStage[k];
	return {
		region: q.region,
		year: q.year,
		month: q.month ?? null,
		months,
		compare: { parent: group ?? null, regions: compare },
		open: { byStage, overdueUnreplied: own.overdueUnreplied, supervisions: own.supervisions },
		targets: kpiTargets,
	};
}
