/**
 * One logger and one metrics definition for every function (Powertools). The namespace, every metric
 * name and its dimensions are defined here once: the handlers emit them (CloudWatch EMF), the CDK
 * dashboard and alarms (infra/constructs/dashboard.ts) read them, and the infra tests check the two
 * agree.
 *
 * On AWS the EMF lines go to stdout, where CloudWatch Logs turns them into metrics. The local home
 * redirects them (`setMetricsSink`) to a file in its data dir, never the console.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import middy, { type MiddlewareObj } from "@middy/core";
import type { Context } from "aws-lambda";

export const SERVICE_NAME = "xinfang";
export const METRICS_NAMESPACE = "Xinfang";

export const logger = new Logger({
	serviceName: SERVICE_NAME,
	logLevel: (process.env.LOG_LEVEL as "INFO" | undefined) ?? "WARN",
});

/**
 * Business metrics: one per metric event kind, with two dimension sets — service + region (county
 * code) + channel, and service alone (the totals the dashboard's rates and the alarms use: alarms
 * cannot search across dimension values).
 */
export const businessMetrics = {
	Received: "登记: a matter registered (letter, visit or online)",
	Accepted: "受理: a first acceptance (not a transfer after a return)",
	Rejected: "不予受理",
	OtherProcedure: "转其他法定程序",
	Decided: "受理环节决定: a first acceptance decision (Accepted, Rejected or OtherProcedure)",
	DecidedOnTime: "of Decided, within 15 days of receipt (及时受理)",
	Transferred: "转交: every hand-over to a unit, retransfers included",
	Returned: "退回: a unit returned a matter",
	Replied: "答复: a reply (处理意见) given",
	RepliedOnTime: "of Replied, within the (extended) handling deadline",
	Overdue: "a 督办 notice of the handling step: its deadline passed unreplied (follow-ups included)",
	Supervised: "督办: every supervision notice (a step past its deadline, follow-ups included)",
	ReviewRequested: "复查 requested",
	RereviewRequested: "复核 requested",
	Evaluated: "参评: a petitioner's evaluation",
	Satisfied: "of Evaluated, 满意 or 基本满意",
} as const;
export type BusinessMetric = keyof typeof businessMetrics;
export const businessDimensions = ["region", "channel"] as const;

/** Per HTTP route (dimension route, e.g. "GET /v1/stats"). */
export const httpMetrics = {
	Requests: "requests answered",
	Latency: "milliseconds from the request to the answer",
	ClientErrors: "answers 400–499",
	ServerErrors: "answers 500–599",
} as const;
export const httpDimensions = ["route"] as const;

/** Per workflow step and stream consumer (dimension function, the registry's name). */
export const functionMetrics = {
	Invocations: "invocations",
	Duration: "milliseconds per invocation",
	Failures: "invocations that threw",
} as const;
export const functionDimensions = ["function"] as const;

export type MetricSink = (line: string) => void;
let sink: MetricSink | undefined;

/** Where EMF lines go instead of stdout (the local home: a file in its data dir, or nowhere). */
export function setMetricsSink(next: MetricSink | undefined): void {
	sink = next;
}

const quiet = {
	debug: () => undefined,
	info: () => undefined,
	warn: () => undefined,
	error: (...args: unknown[]) => logger.error(String(args[0])),
};

/** Powertools Metrics whose output can be redirected by `setMetricsSink`. */
class SinkableMetrics extends Metrics {
	override publishStoredMetrics(): this {
		if (!sink) return super.publishStoredMetrics();
		try {
			if (this.hasStoredMetrics()) sink(JSON.stringify(this.serializeMetrics()));
		} finally {
			this.clearMetrics();
			this.clearDimensions();
			this.clearMetadata();
		}
		return this;
	}
}

export const metrics = new SinkableMetrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME, logger: quiet });

export { MetricUnit };

/** Records Invocations, Duration and Failures of a workflow step or stream consumer. */
function functionTimer(name: string): MiddlewareObj {
	let started = 0;
	const record = (failed: boolean) => {
		metrics.addDimensions({ function: name });
		metrics.addMetric("Invocations", MetricUnit.Count, 1);
		metrics.addMetric("Duration", MetricUnit.Milliseconds, performance.now() - started);
		metrics.addMetric("Failures", MetricUnit.Count, failed ? 1 : 0);
		// Published in the same tick: concurrent invocations in the local home share the one Metrics instance.
		metrics.publishStoredMetrics();
	};
	return {
		before: () => {
			started = performance.now();
		},
		after: () => record(false),
		onError: () => record(true),
	};
}

/**
 * A workflow step or stream consumer with the Lambda context in its logs and its metrics published
 * after every invocation (errors still propagate: the workflow's Retry and the stream's retry need them).
 */
export function observed<E, R>(
	name: string,
	fn: (event: E, context: Context) => Promise<R>,
): (event: E, context?: Context) => Promise<R> {
	const chain = middy<E, R>()
		.use(injectLambdaContext(logger, { resetKeys: true }))
		.use(functionTimer(name))
		.handler(fn);
	return (event, context) => chain(event, context ?? directCall(name));
}

/** The context of a direct call (a test calling the handler as a function). */
function directCall(name: string): Context {
	return {
		callbackWaitsForEmptyEventLoop: false,
		functionName: name,
		functionVersion: "$LATEST",
		invokedFunctionArn: "",
		memoryLimitInMB: "0",
		awsRequestId: "direct",
		logGroupName: "",
		logStreamName: "",
		getRemainingTimeInMillis: () => 900_000,
		done: () => undefined,
		fail: () => undefined,
		succeed: () => undefined,
	};
}
