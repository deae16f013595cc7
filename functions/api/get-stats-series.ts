/** GET /v1/stats/series?region=&year=[&month=] — the dashboard's data: twelve months, the siblings compared, open cases; from the counters. */
import { requireEnvironment } from "#shared/aws/env.ts";
import { statsDeps } from "#shared/aws/deps.ts";
import { requirePermission } from "#shared/auth/guard.ts";
import { allowedInRegion } from "#shared/auth/policy.ts";
import { ForbiddenError } from "#shared/http/errors.ts";
import { httpHandler } from "#shared/http/handler.ts";
import { requests } from "#shared/specs/requests.ts";
import { readSeries } from "#shared/stats/read.ts";

requireEnvironment("getStatsSeries");

export const handler = httpHandler(requests.getStatsSeries, async ({ query, claims }) => {
	const caller = requirePermission(claims, "stats:read");
	if (!allowedInRegion(caller, "stats:read", query.region)) throw new ForbiddenError("无权查看该行政区划的统计");
	const { doc, counters } = statsDeps();
	return { status: 200, body: await readSeries(doc, counters, query) };
});
