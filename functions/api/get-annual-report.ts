/** GET /v1/reports/annual?region=&year=[&format=md|docx] — the year's report as Markdown or a Word document, every number from the counters. */
import { requireEnvironment } from "#shared/aws/env.ts";
import { statsDeps } from "#shared/aws/deps.ts";
import { requirePermission } from "#shared/auth/guard.ts";
import { allowedInRegion } from "#shared/auth/policy.ts";
import { ForbiddenError } from "#shared/http/errors.ts";
import { httpHandler } from "#shared/http/handler.ts";
import { requests } from "#shared/specs/requests.ts";
import { figuresOf, yoyOf } from "#shared/kpis.ts";
import { periodOf } from "#shared/stats/keys.ts";
import { readCounts, readStats } from "#shared/stats/read.ts";
import { annualReport } from "#shared/stats/report.ts";

requireEnvironment("getAnnualReport");

export const handler = httpHandler(requests.getAnnualReport, async ({ query, claims }) => {
	const caller = requirePermission(claims, "stats:read");
	if (!allowedInRegion(caller, "stats:read", query.region)) throw new ForbiddenError("无权查看该行政区划的报告");
	const { doc, counters: table } = statsDeps();
	// "再下降" needs only last year's change on the year before: two counter partitions, not a second full read.
	const [stats, lastYear, yearBefore] = await Promise.all([
		readStats(doc, table, { region: query.region, year: query.year }),
		readCounts(doc, table, query.region, periodOf(query.year - 1)),
		readCounts(doc, table, query.region, periodOf(query.year - 2)),
	]);
	const previousYoy = yoyOf(figuresOf(lastYear), figuresOf(yearBefore));
	if (query.format === "docx") {
		// The Word writer (the docx library) loads on the first docx request only: Markdown's cold start skips it.
		const { annualReportDocx } = await import("#shared/stats/report-docx.ts");
		return {
			status: 200,
			bytes: await annualReportDocx({ stats, previousYoy }),
			headers: {
				"content-type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
				"content-disposition": `attachment; filename="report-${query.region}-${query.year}.docx"`,
			},
		};
	}
	return {
		status: 200,
		text: annualReport({ stats, previousYoy }),
		headers: {
			"content-type": "text/markdown; charset=utf-8",
			"content-disposition": `inline; filename="report-${query.region}-${query.year}.md"`,
		},
	};
});
