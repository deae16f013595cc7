/**
 * Reads a region's figures from the counters only (never cases): one Query per counter partition —
 * the region's, its parent's, each of the parent's children (for rank) and the previous year's.
 */
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { queryAll } from "#shared/store/query-all.ts";
import { childrenOf, findRegion } from "#shared/domain/regions.ts";
import { type Counts, type Figures, figuresOf, rankOf, shareOf, yoyOf } from "#shared/kpis.ts";
import { counterPk, periodOf } from "#shared/stats/keys.ts";

/** Every counter of one region and period. */
export async function readCounts(doc: DynamoDBDocumentClient, table: string, region: string, period: string): Promise<Counts> {
	const counts: Record<string, number> = {};
	const items = await queryAll(doc, {
		TableName: table,
		KeyConditionExpression: "pk = :pk",
		ExpressionAttributeValues: { ":pk": counterPk(region, period) },
		ProjectionExpression: "sk, n",
	});
	for (const item of items) counts[item.sk as string] = Number(item.n ?? 0);
	return counts;
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

export async function readStats(doc: DynamoDBDocumentClient, table: string, q: StatsQuery): Promise<Stats> {
	const period = periodOf(q.year, q.month);
	const previous = periodOf(q.year - 1, q.month);
	const parent = findRegion(q.region)?.parent;
	const siblings = parent ? childrenOf(parent).map((r) => r.code) : [];
	const read = (region: string, p = period) => readCounts(doc, table, region, p).then(figuresOf);
	const [own, last, parentFigures, siblingFigures] = await Promise.all([
		read(q.region),
		read(q.region, previous),
		parent ? read(parent) : undefined,
		Promise.all(siblings.filter((s) => s !== q.region).map((s) => read(s))),
	]);
	return {
		region: q.region,
		period,
		...own,
		share: parentFigures ? shareOf(own, parentFigures) : {},
		rank: parent ? rankOf(own, siblingFigures) : {},
		yoy: yoyOf(own, last),
	};
}
