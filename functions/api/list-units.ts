/** GET /v1/units?region=<code> — the responsible units (责任单位) of a region and the regions below it. */
import { z } from "zod";
import { requirePermission } from "#shared/auth/guard.ts";
import { allowedInRegion } from "#shared/auth/policy.ts";
import { findRegion, isWithin, units } from "#shared/domain/regions.ts";
import { ForbiddenError } from "#shared/http/errors.ts";
import { httpHandler } from "#shared/http/handler.ts";

export const unitsQuerySchema = z.object({
	region: z.string().refine((code) => findRegion(code) !== undefined, "未知的行政区划代码"),
});

export const handler = httpHandler({ query: unitsQuerySchema }, async ({ query, claims }) => {
	const caller = requirePermission(claims, "units:list");
	if (!allowedInRegion(caller, "units:list", query.region)) throw new ForbiddenError("无权查看该行政区划的单位");
	// Units belong to counties; a city's list is its counties' units, so intake can pick any of them.
	const body = units.filter((u) => isWithin(u.region, query.region)).map(({ id, name, region }) => ({ id, name, region }));
	return { status: 200, body };
});
