/** GET /v1/units?region=<code> — the responsible units (责任单位) of a region and the regions below it. */
import { requireEnvironment } from "#shared/aws/env.ts";
import { requirePermission } from "#shared/auth/guard.ts";
import { allowedInRegion } from "#shared/auth/policy.ts";
import { isWithin, units } from "#shared/domain/regions.ts";
import { ForbiddenError } from "#shared/http/errors.ts";
import { httpHandler } from "#shared/http/handler.ts";
import { requests } from "#shared/specs/requests.ts";

requireEnvironment("listUnits");

export const handler = httpHandler(requests.listUnits, async ({ query, claims }) => {
	const caller = requirePermission(claims, "units:list");
	if (!allowedInRegion(caller, "units:list", query.region)) throw new ForbiddenError("无权查看该行政区划的单位");
	// Units belong to counties; a city's list is its counties' units, so intake can pick any of them.
	const body = units
		.filter((u) => isWithin(u.region, query.region))
		.map(({ id, name, region }) => ({ id, name, region }));
	return { status: 200, body };
});
