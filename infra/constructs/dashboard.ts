/**
 * One CloudWatch dashboard per stage, its alarms and the SNS topic they notify. Business figures come
 * from the application's EMF metrics, named only through shared/observability.ts (`appMetric` takes
 * nothing else, and test/infra checks every widget and alarm against those definitions); health comes
 * from the AWS services' own metrics.
 *
 * An e-mail subscription is added when the context names one: `-c alarmEmail=ops@example.org`.
 */
import { Duration } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
	Alarm,
	ComparisonOperator,
	Dashboard,
	GraphWidget,
	type IMetric,
	MathExpression,
	Metric,
	SingleValueWidget,
	Stats,
	TextWidget,
	TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import {
	type BusinessMetric,
	businessMetrics,
	type httpMetrics,
	METRICS_NAMESPACE,
	SERVICE_NAME,
} from "#shared/observability.ts";
import type { RegistryFunction } from "./registry-function.ts";
import type { SpecWorkflow } from "./spec-workflow.ts";
import type { StreamSubscription } from "./stream-subscription.ts";

export interface OperationsDashboardProps {
	readonly stageName: string;
	readonly api: HttpApi;
	readonly functions: ReadonlyMap<string, RegistryFunction>;
	readonly workflows: ReadonlyMap<string, SpecWorkflow>;
	readonly streamSubscriptions: ReadonlyMap<string, StreamSubscription>;
	/** Where alarms are mailed, if anywhere. */
	readonly alarmEmail?: string;
	/** 督办 notices in one day above which the spike alarm fires. */
	readonly supervisionSpike?: number;
}

type AppMetricName = BusinessMetric | keyof typeof httpMetrics;

/** An application metric of the namespace, service-wide (the `service` dimension set). */
export function appMetric(
	name: AppMetricName,
	options: { period?: Duration; statistic?: string; label?: string } = {},
): Metric {
	return new Metric({
		namespace: METRICS_NAMESPACE,
		metricName: name,
		dimensionsMap: { service: SERVICE_NAME },
		statistic: options.statistic ?? Stats.SUM,
		period: options.period ?? Duration.days(1),
		label: options.label ?? (businessMetrics as Record<string, string>)[name] ?? name,
	});
}

/** A KPI as a percentage by metric math: 100 × numerator ÷ denominator (empty while the denominator is 0). */
function ratePercent(label: string, expression: string, using: Record<string, IMetric>): MathExpression {
	return new MathExpression({ expression, usingMetrics: using, label, period: Duration.days(1) });
}

export class OperationsDashboard extends Construct {
	readonly dashboard: Dashboard;
	readonly topic: Topic;
	readonly alarms: Alarm[] = [];

	constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
		super(scope, id);
		this.topic = new Topic(this, "Alarms", { displayName: `信访系统 ${props.stageName} 告警`, enforceSSL: true });
		if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
		const action = new SnsAction(this.topic);
		const alarm = (name: string, a: Omit<ConstructorParameters<typeof Alarm>[2], "alarmName">) => {
			const created = new Alarm(this, name, { ...a, alarmName: `xinfang-${props.stageName}-${name}` });
			created.addAlarmAction(action);
			this.alarms.push(created);
			return created;
		};

		// Business: KPI rates by metric math on the service-wide totals.
		const m = (name: BusinessMetric) => appMetric(name);
		const kpis = [
			ratePercent("及时受理率 %", "IF(decided > 0, 100 * decidedOnTime / decided)", {
				decidedOnTime: m("DecidedOnTime"),
				decided: m("Decided"),
			}),
			ratePercent("按期办结率 %", "IF(replied > 0, 100 * repliedOnTime / replied)", {
				repliedOnTime: m("RepliedOnTime"),
				replied: m("Replied"),
			}),
			ratePercent("准确转交率 %", "IF(transferred > 0, 100 * (transferred - returned) / transferred)", {
				transferred: m("Transferred"),
				returned: m("Returned"),
			}),
			ratePercent("满意率 %", "IF(evaluated > 0, 100 * satisfied / evaluated)", {
				satisfied: m("Satisfied"),
				evaluated: m("Evaluated"),
			}),
		];
		const intake = [
			"Received",
			"Accepted",
			"Rejected",
			"OtherProcedure",
			"Transferred",
			"Returned",
			"Replied",
		] as const;

		// Health.
		const fns = [...props.functions.entries()];
		const perFunction = (metric: (f: RegistryFunction) => IMetric) => fns.map(([, f]) => metric(f));
		const machines = [...props.workflows.values()];
		const subscriptions = [...props.streamSubscriptions.entries()];
		const five = Duration.minutes(5);

		this.dashboard = new Dashboard(this, "Dashboard", {
			dashboardName: `xinfang-${props.stageName}`,
			defaultInterval: Duration.days(30),
			widgets: [
				[
					new TextWidget({
						markdown: `# 信访系统 ${props.stageName}\n业务指标（每日）与运行健康。指标定义：shared/observability.ts`,
						width: 24,
						height: 2,
					}),
				],
				[
					new GraphWidget({ title: "KPI 比率（%，每日）", left: kpis, leftYAxis: { min: 0, max: 100 }, width: 12 }),
					new GraphWidget({
						title: "受理量 by channel（每日）",
						left: (["letter", "visit", "online"] as const).map(
							(channel) =>
								new MathExpression({
									expression: `SUM(SEARCH('{${METRICS_NAMESPACE},channel,region,service} MetricName="Received" channel="${channel}"', 'Sum', 86400))`,
									label: `Received ${channel}`,
									period: Duration.days(1),
								}),
						),
						stacked: true,
						width: 12,
					}),
				],
				[
					new GraphWidget({ title: "办理流量（每日）", left: intake.map((n) => m(n)), width: 12 }),
					new GraphWidget({
						title: "逾期与督办（每日）",
						left: [m("Overdue"), m("Supervised")],
						right: [m("ReviewRequested"), m("RereviewRequested")],
						width: 12,
					}),
				],
				[
					new GraphWidget({
						title: "API requests / 4xx / 5xx",
						left: [
							props.api.metricCount({ period: five }),
							props.api.metricClientError({ period: five }),
							props.api.metricServerError({ period: five }),
						],
						width: 8,
					}),
					new GraphWidget({
						title: "API p99 latency",
						left: [props.api.metricLatency({ period: five, statistic: "p99" })],
						width: 8,
					}),
					new SingleValueWidget({
						title: "requests by route (app)",
						metrics: [
							appMetric("Requests", { period: five }),
							appMetric("ClientErrors", { period: five }),
							appMetric("ServerErrors", { period: five }),
						],
						width: 8,
					}),
				],
				[
					new GraphWidget({
						title: "Lambda errors",
						left: perFunction((f) => f.fn.metricErrors({ period: five })),
						width: 8,
					}),
					new GraphWidget({
						title: "Lambda throttles",
						left: perFunction((f) => f.fn.metricThrottles({ period: five })),
						width: 8,
					}),
					new GraphWidget({
						title: "Lambda duration p99",
						left: perFunction((f) => f.fn.metricDuration({ period: five, statistic: "p99" })),
						width: 8,
					}),
				],
				[
					new GraphWidget({
						title: "Step Functions executions",
						left: machines.flatMap((w) => [
							w.stateMachine.metricStarted({ period: five }),
							w.stateMachine.metricFailed({ period: five }),
							w.stateMachine.metricTimedOut({ period: five }),
							w.stateMachine.metricAborted({ period: five }),
						]),
						width: 8,
					}),
					new GraphWidget({
						title: "stream iterator age (ms)",
						left: subscriptions.map(([name]) =>
							props.functions.get(name)!.fn.metric("IteratorAge", { statistic: Stats.MAXIMUM, period: five }),
						),
						width: 8,
					}),
					new GraphWidget({
						title: "dead-letter depth",
						left: subscriptions.map(([, s]) =>
							s.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: five }),
						),
						width: 8,
					}),
				],
			],
		});

		// Alarms, all to the topic.
		for (const w of machines) {
			const threshold = {
				threshold: 1,
				evaluationPeriods: 1,
				comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
			};
			const quiet = { treatMissingData: TreatMissingData.NOT_BREACHING };
			alarm(`${w.node.id}-failed`, {
				metric: w.stateMachine.metricFailed({ period: five }),
				...threshold,
				...quiet,
				alarmDescription: "执行失败",
			});
			alarm(`${w.node.id}-timed-out`, {
				metric: w.stateMachine.metricTimedOut({ period: five }),
				...threshold,
				...quiet,
				alarmDescription: "执行超时",
			});
			alarm(`${w.node.id}-aborted`, {
				metric: w.stateMachine.metricAborted({ period: five }),
				...threshold,
				...quiet,
				alarmDescription: "执行被中止",
			});
		}
		for (const [name, s] of subscriptions) {
			alarm(`${name}-dead-letters`, {
				metric: s.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: five, statistic: Stats.MAXIMUM }),
				threshold: 0,
				comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
				evaluationPeriods: 1,
				treatMissingData: TreatMissingData.NOT_BREACHING,
				alarmDescription: "统计流有批次进入死信队列：用 npm run recount 核对并修复计数",
			});
			alarm(`${name}-iterator-age`, {
				metric: props.functions.get(name)!.fn.metric("IteratorAge", { statistic: Stats.MAXIMUM, period: five }),
				threshold: 5 * 60_000,
				comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
				evaluationPeriods: 1,
				treatMissingData: TreatMissingData.NOT_BREACHING,
				alarmDescription: "统计流积压超过 5 分钟",
			});
		}
		alarm("api-5xx-rate", {
			metric: new MathExpression({
				expression: "IF(requests >= 20, 100 * errors / requests, 0)",
				usingMetrics: {
					errors: props.api.metricServerError({ period: five }),
					requests: props.api.metricCount({ period: five }),
				},
				label: "API 5xx %",
				period: five,
			}),
			threshold: 1,
			comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
			evaluationPeriods: 2,
			treatMissingData: TreatMissingData.NOT_BREACHING,
			alarmDescription: "API 5xx 超过请求的 1%",
		});
		alarm("lambda-throttles", {
			metric: new Metric({ namespace: "AWS/Lambda", metricName: "Throttles", statistic: Stats.SUM, period: five }),
			threshold: 0,
			comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
			evaluationPeriods: 1,
			treatMissingData: TreatMissingData.NOT_BREACHING,
			alarmDescription: "Lambda 被限流",
		});
		alarm("supervision-spike", {
			metric: appMetric("Supervised", { period: Duration.days(1) }),
			threshold: props.supervisionSpike ?? 50,
			comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
			evaluationPeriods: 1,
			treatMissingData: TreatMissingData.NOT_BREACHING,
			alarmDescription: "一天内督办通知激增",
		});
	}
}
