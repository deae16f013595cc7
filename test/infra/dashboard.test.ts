/**
 * The stage's dashboard, alarms and topic: every widget and alarm names only metrics defined in
 * shared/observability.ts (a renamed metric fails here), the health widgets cover the services, and
 * every alarm notifies the one topic, which mails whoever the context names.
 */
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { buildStacks } from "#infra/stacks.ts";
import { businessMetrics, httpMetrics, METRICS_NAMESPACE } from "#shared/observability.ts";
import { testApp } from "../support/cdk.ts";

function stateless(context: Record<string, unknown> = {}) {
	const app = testApp(context);
	return Template.fromStack(buildStacks(app).stateless);
}

/** The dashboard body with CloudFormation tokens replaced by a marker. */
function bodyText(body: unknown): string {
	if (typeof body === "string") return body;
	const join = (body as { "Fn::Join"?: [string, unknown[]] })["Fn::Join"];
	if (!join) return "<token>";
	return join[1].map((part) => (typeof part === "string" ? part : "<token>")).join(join[0]);
}

const defined = new Set([...Object.keys(businessMetrics), ...Object.keys(httpMetrics)]);
const withEmail = stateless({ alarmEmail: "ops@example.org" });
const dashboards = withEmail.findResources("AWS::CloudWatch::Dashboard");
const body = bodyText(Object.values(dashboards)[0]?.Properties.DashboardBody);
const alarms = Object.values(withEmail.findResources("AWS::CloudWatch::Alarm")) as {
	Properties: Record<string, any>;
}[];

/** Metric names of our namespace in `["Xinfang","Name",…]` arrays and in SEARCH expressions. */
function appMetricNames(text: string): string[] {
	const inArrays = [...text.matchAll(new RegExp(`\\["${METRICS_NAMESPACE}","(\\w+)"`, "g"))].map((m) => m[1] as string);
	const inSearch = [...text.matchAll(/\{Xinfang[^}]*\} MetricName=\\?"(\w+)\\?"/g)].map((m) => m[1] as string);
	return [...inArrays, ...inSearch];
}

describe("the operations dashboard", () => {
	it("one dashboard per stage, named after it", () => {
		expect(Object.keys(dashboards)).toHaveLength(1);
		expect(Object.values(dashboards)[0]?.Properties.DashboardName).toBe("xinfang-dev");
		const prod = stateless({ stage: "prod" }).findResources("AWS::CloudWatch::Dashboard");
		expect(Object.values(prod)[0]?.Properties.DashboardName).toBe("xinfang-prod");
	});

	it("names only metrics defined in shared/observability.ts, and shows the KPI, intake and 督办 ones", () => {
		const names = appMetricNames(body);
		expect(names.length).toBeGreaterThan(15);
		expect(names.filter((n) => !defined.has(n))).toEqual([]);
		for (const n of [
			"Decided",
			"DecidedOnTime",
			"Replied",
			"RepliedOnTime",
			"Transferred",
			"Returned",
			"Satisfied",
			"Evaluated",
			"Received",
			"Overdue",
			"Supervised",
		])
			expect(names, n).toContain(n);
		for (const rate of ["及时受理率", "按期办结率", "准确转交率", "满意率"]) expect(body).toContain(rate);
	});

	it("shows health: API requests/4xx/5xx/p99, Lambda errors/throttles/duration, executions, iterator age, dead letters", () => {
		for (const metric of [
			'"AWS/ApiGateway","Count"',
			'"AWS/ApiGateway","4xx"',
			'"AWS/ApiGateway","5xx"',
			'"AWS/ApiGateway","Latency"',
			'"AWS/Lambda","Errors"',
			'"AWS/Lambda","Throttles"',
			'"AWS/Lambda","Duration"',
			'"AWS/States","ExecutionsStarted"',
			'"AWS/States","ExecutionsFailed"',
			'"AWS/States","ExecutionsTimedOut"',
			'"AWS/Lambda","IteratorAge"',
			'"AWS/SQS","ApproximateNumberOfMessagesVisible"',
		])
			expect(body, metric).toContain(metric);
		expect(body).toContain('"stat":"p99"');
	});
});

describe("alarms and their topic", () => {
	it("executions failed, timed out and aborted; dead letters; iterator age; API 5xx rate; throttles; a 督办 spike", () => {
		const byMetric = (ns: string, name: string) =>
			alarms.filter(
				(a) =>
					(a.Properties.Namespace === ns && a.Properties.MetricName === name) ||
					(a.Properties.Metrics ?? []).some(
						(q: any) => q.MetricStat?.Metric?.Namespace === ns && q.MetricStat?.Metric?.MetricName === name,
					),
			);
		expect(byMetric("AWS/States", "ExecutionsFailed")).toHaveLength(1);
		expect(byMetric("AWS/States", "ExecutionsTimedOut")).toHaveLength(1);
		expect(byMetric("AWS/States", "ExecutionsAborted")).toHaveLength(1);
		expect(byMetric("AWS/SQS", "ApproximateNumberOfMessagesVisible")[0]?.Properties).toMatchObject({
			Threshold: 0,
			ComparisonOperator: "GreaterThanThreshold",
		});
		expect(byMetric("AWS/Lambda", "IteratorAge")[0]?.Properties).toMatchObject({ Threshold: 300_000 });
		expect(byMetric("AWS/ApiGateway", "5xx")).toHaveLength(1);
		expect(byMetric("AWS/Lambda", "Throttles")).toHaveLength(1);
		const spike = byMetric(METRICS_NAMESPACE, "Supervised")[0]?.Properties;
		expect(spike?.Metrics[0].MetricStat.Metric.Dimensions).toEqual([{ Name: "service", Value: "xinfang" }]);
		expect(spike).toMatchObject({ Threshold: 50, ComparisonOperator: "GreaterThanThreshold" });
		// Six of the system and, per stream consumer (stats aggregator, SMS sender), dead letters and iterator age.
		expect(alarms).toHaveLength(10);
	});

	it("every alarm names only defined metrics of our namespace", () => {
		const ours = alarms
			.flatMap((a) => [a.Properties, ...(a.Properties.Metrics ?? []).map((q: any) => q.MetricStat?.Metric ?? {})])
			.filter((m) => m.Namespace === METRICS_NAMESPACE);
		expect(ours.length).toBeGreaterThan(0);
		expect(ours.map((m) => m.MetricName).filter((n) => !defined.has(n))).toEqual([]);
	});

	it("every alarm notifies the one topic; the e-mail subscription exists only when the context names one", () => {
		const topics = Object.keys(withEmail.findResources("AWS::SNS::Topic"));
		expect(topics).toHaveLength(1);
		for (const a of alarms) expect(a.Properties.AlarmActions).toEqual([{ Ref: topics[0] }]);
		withEmail.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "email", Endpoint: "ops@example.org" });
		expect(Object.keys(stateless().findResources("AWS::SNS::Subscription"))).toHaveLength(0);
	});
});
