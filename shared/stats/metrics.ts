/**
 * From metric events to the business metrics of shared/observability.ts (CloudWatch EMF), pure
 * mapping plus one publishing call. The aggregator publishes them for the events it applied (not for
 * duplicates), so a replayed stream does not count twice.
 */
import type { CaseEvent } from "#shared/domain/events.ts";
import { type BusinessMetric, MetricUnit, metrics } from "#shared/observability.ts";

/** A first acceptance decision carries onTime (one after a return does not). */
const decision = (e: CaseEvent): BusinessMetric[] =>
	typeof e.onTime !== "boolean" ? [] : e.onTime ? ["Decided", "DecidedOnTime"] : ["Decided"];

/** The business metrics one event counts (each by 1). */
export function businessMetricsOf(e: CaseEvent): BusinessMetric[] {
	switch (e.type) {
		case "registered":
			return ["Received"];
		case "accepted":
			return e.retransfer ? ["Transferred"] : ["Accepted", "Transferred", ...decision(e)];
		case "rejected":
			return ["Rejected", ...decision(e)];
		case "routed_other_procedure":
			return ["OtherProcedure", ...decision(e)];
		case "returned":
			return ["Returned"];
		case "replied":
			return e.onTime ? ["Replied", "RepliedOnTime"] : ["Replied"];
		case "overdue":
			return e.taskType === "handling" ? ["Overdue", "Supervised"] : ["Supervised"];
		case "review_requested":
			return ["ReviewRequested"];
		case "rereview_requested":
			return ["RereviewRequested"];
		case "evaluated":
			return e.satisfaction === "satisfied" || e.satisfaction === "basically_satisfied"
				? ["Evaluated", "Satisfied"]
				: ["Evaluated"];
		case "review_decided":
		case "rereview_decided":
		case "closed":
		case "evaluation_window_closed":
		case "task_opened":
			return [];
	}
	return [];
}

/** Publishes the metrics of `events`, one EMF line per region × channel, in one synchronous block. */
export function publishBusinessMetrics(events: readonly CaseEvent[]): void {
	const groups = new Map<string, { region: string; channel: string; counts: Map<BusinessMetric, number> }>();
	for (const e of events) {
		const names = businessMetricsOf(e);
		if (!names.length) continue;
		const key = `${e.region}|${e.channel}`;
		let g = groups.get(key);
		if (!g) {
			g = { region: e.region, channel: e.channel, counts: new Map() };
			groups.set(key, g);
		}
		for (const n of names) g.counts.set(n, (g.counts.get(n) ?? 0) + 1);
	}
	for (const g of groups.values()) {
		metrics.addDimensions({ region: g.region, channel: g.channel });
		metrics.addDimensions({}); // the service-wide totals
		for (const [name, n] of g.counts) metrics.addMetric(name, MetricUnit.Count, n);
		metrics.publishStoredMetrics();
	}
}
