/** GET /v1/cases — the caller's queue, newest first, paged with an opaque cursor. */
import { requireEnvironment } from "#shared/aws/env.ts";
import { caseListing } from "#shared/aws/deps.ts";
import { requirePermission } from "#shared/auth/guard.ts";
import { allowedInRegion } from "#shared/auth/policy.ts";
import { staffSummary } from "#shared/cases/views.ts";
import { holderKey } from "#shared/domain/jurisdiction.ts";
import { isCounty, isWithin, regions } from "#shared/domain/regions.ts";
import type { Claims } from "#shared/http/claims.ts";
import { ForbiddenError } from "#shared/http/errors.ts";
import { httpHandler } from "#shared/http/handler.ts";
import { type ListCasesQuery, requests } from "#shared/specs/requests.ts";
import type { CaseIndex } from "#shared/store/case-queries.ts";
import { regionYearKey } from "#shared/store/case-keys.ts";
import { cstDate, nowMs } from "#shared/time.ts";

requireEnvironment("listCases");

/** Where an admin lands without a `region`: the city, i.e. every county of the sample data. */
const defaultAdminRegion = regions.find((r) => r.level === "city")?.code ?? "431100";

interface Queue {
	index: CaseIndex;
	partitions: string[];
	/** Set when the caller narrowed a holder queue to one county. */
	region?: string;
}

const countiesWithin = (region: string) =>
	regions.filter((r) => r.level === "county" && isWithin(r.code, region)).map((r) => r.code);

/**
 * Who sees what. A unit and a reviewer see the queue they hold (byAssignee, partitioned by the
 * holder keys of shared/domain/jurisdiction.ts); intake and leaders see their region's cases of a year
 * (byRegionDate, one partition per county); an admin sees any region's. `region` may only narrow
 * the caller's own scope, else 403; `year` applies to the region listings (holder queues are not
 * split by year).
 */
function queueOf(claims: Claims, query: Pick<ListCasesQuery, "region" | "year">): Queue {
	const region = query.region ?? (claims.role === "admin" ? defaultAdminRegion : claims.region);
	const inScope = claims.role === "admin" || isWithin(region, claims.region);
	if (!inScope || (claims.role !== "unit" && !allowedInRegion(claims, "case:list", region)))
		throw new ForbiddenError("无权查看该行政区划的案件");
	const narrowTo = query.region && isCounty(query.region) ? { region: query.region } : {};
	switch (claims.role) {
		case "unit":
			if (!claims.unit) throw new ForbiddenError("登录凭据未指定责任单位");
			return { index: "byAssignee", partitions: [holderKey.unit(claims.unit)], ...narrowTo };
		case "reviewer":
			return { index: "byAssignee", partitions: [holderKey.review(claims.region)], ...narrowTo };
		default: {
			const year = query.year ?? cstDate(nowMs()).year;
			return { index: "byRegionDate", partitions: countiesWithin(region).map((c) => regionYearKey(c, year)) };
		}
	}
}

export const handler = httpHandler(requests.listCases, async ({ query, claims }) => {
	const caller = requirePermission(claims, "case:list");
	const queue = queueOf(caller, query);
	const page = await caseListing().page({
		index: queue.index,
		partitions: queue.partitions,
		filters: {
			status: query.status,
			stage: query.stage,
			unit: query.unit,
			overdue: query.overdue,
			region: queue.region,
		},
		limit: query.limit,
		cursor: query.cursor,
	});
	return { status: 200, body: { items: page.items.map((k) => staffSummary(k, caller.role)), cursor: page.cursor } };
});
