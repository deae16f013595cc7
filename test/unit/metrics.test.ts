/** Business metrics from events, and the EMF lines the HTTP and function middlewares publish (Powertools, redirected to a sink). */
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import type { CaseEvent } from "#shared/domain/events.ts";
import { eventTypeSchema } from "#shared/domain/events.ts";
import { httpHandler } from "#shared/http/handler.ts";
import { ValidationError } from "#shared/http/errors.ts";
import {
	businessMetrics,
	httpMetrics,
	functionMetrics,
	METRICS_NAMESPACE,
	observed,
	setMetricsSink,
} from "#shared/observability.ts";
import { businessMetricsOf, publishBusinessMetrics } from "#shared/stats/metrics.ts";

interface Emf {
	_aws: {
		CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[];
	};
	[k: string]: unknown;
}

let lines: Emf[] = [];
const capture = () => {
	lines = [];
	setMetricsSink((line) => lines.push(JSON.parse(line) as Emf));
};
afterEach(() => setMetricsSink(undefined));

const ev = (type: CaseEvent["type"], extra: Partial<CaseEvent> = {}): CaseEvent => ({
	caseId: "XF431127-2024-AAAAAAAA",
	seq: 1,
	type,
	at: "2024-03-01T01:00:00.000Z",
	actorRole: "intake",
	region: "431127",
	channel: "online",
	stage: "handling",
	...extra,
});

const context = {
	functionName: "test",
	awsRequestId: "r1",
	invokedFunctionArn: "",
	memoryLimitInMB: "128",
	getRemainingTimeInMillis: () => 1000,
} as unknown as Context;

describe("business metrics", () => {
	it("each event kind maps to the metrics it counts, all of them defined in shared/observability.ts", () => {
		expect(businessMetricsOf(ev("registered"))).toEqual(["Received"]);
		expect(businessMetricsOf(ev("accepted"))).toEqual(["Accepted", "Transferred"]);
		expect(businessMetricsOf(ev("accepted", { onTime: true }))).toEqual([
			"Accepted",
			"Transferred",
			"Decided",
			"DecidedOnTime",
		]);
		expect(businessMetricsOf(ev("rejected", { onTime: false }))).toEqual(["Rejected", "Decided"]);
		expect(businessMetricsOf(ev("accepted", { retransfer: true }))).toEqual(["Transferred"]);
		expect(businessMetricsOf(ev("replied", { onTime: true }))).toEqual(["Replied", "RepliedOnTime"]);
		expect(businessMetricsOf(ev("replied", { onTime: false }))).toEqual(["Replied"]);
		expect(businessMetricsOf(ev("overdue", { taskType: "handling" }))).toEqual(["Overdue", "Supervised"]);
		expect(businessMetricsOf(ev("overdue", { taskType: "acceptance" }))).toEqual(["Supervised"]);
		expect(businessMetricsOf(ev("evaluated", { satisfaction: "basically_satisfied" }))).toEqual([
			"Evaluated",
			"Satisfied",
		]);
		expect(businessMetricsOf(ev("evaluated", { satisfaction: "dissatisfied" }))).toEqual(["Evaluated"]);
		const all = new Set(
			eventTypeSchema.options.flatMap((t) =>
				businessMetricsOf(ev(t, { onTime: true, taskType: "handling", satisfaction: "satisfied" })),
			),
		);
		expect([...all].sort()).toEqual(Object.keys(businessMetrics).sort());
	});

	it("one EMF line per region × channel, in the namespace, with dimensions service + region + channel and service alone", () => {
		capture();
		publishBusinessMetrics([
			ev("registered"),
			ev("registered"),
			ev("registered", { channel: "letter" }),
			ev("task_opened"),
		]);
		expect(lines).toHaveLength(2);
		const online = lines.find((l) => l.channel === "online");
		expect(online?._aws.CloudWatchMetrics[0]).toMatchObject({
			Namespace: METRICS_NAMESPACE,
			Dimensions: [["service", "region", "channel"], ["service"]],
			Metrics: [{ Name: "Received", Unit: "Count" }],
		});
		expect(online).toMatchObject({ region: "431127", Received: 2 });
	});
});

describe("metrics middlewares", () => {
	const handler = httpHandler({ query: z.object({ n: z.coerce.number().int() }) }, async ({ query }) => {
		if (query.n < 0) throw new ValidationError("negative");
		if (query.n === 13) throw new Error("boom");
		return { status: 200, body: { n: query.n } };
	});
	const call = (n: string) =>
		handler(
			{
				routeKey: "GET /x",
				queryStringParameters: { n },
				headers: {},
				requestContext: { http: { sourceIp: "127.0.0.1" } },
			} as unknown as APIGatewayProxyEventV2,
			context,
		);

	it("every answer counts a request with its latency, and 4xx and 5xx per route", async () => {
		capture();
		expect((await call("1")).statusCode).toBe(200);
		expect((await call("-1")).statusCode).toBe(400);
		expect((await call("13")).statusCode).toBe(500);
		expect(lines.map((l) => [l.route, l.Requests, l.ClientErrors, l.ServerErrors])).toEqual([
			["GET /x", 1, 0, 0],
			["GET /x", 1, 1, 0],
			["GET /x", 1, 0, 1],
		]);
		for (const l of lines) {
			expect(l._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([["service", "route"]]);
			expect(l._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name).sort()).toEqual(Object.keys(httpMetrics).sort());
			expect(typeof l.Latency).toBe("number");
		}
	});

	it("a workflow or stream function counts invocations, duration and failures, and still throws", async () => {
		capture();
		const fn = observed("openTask", async (e: { fail: boolean }) => {
			if (e.fail) throw new Error("x");
			return "ok";
		});
		expect(await fn({ fail: false })).toBe("ok");
		await expect(fn({ fail: true })).rejects.toThrow("x");
		expect(lines.map((l) => [l.function, l.Invocations, l.Failures])).toEqual([
			["openTask", 1, 0],
			["openTask", 1, 1],
		]);
		expect(lines[0]?._aws.CloudWatchMetrics[0]?.Metrics.map((m) => m.Name).sort()).toEqual(
			Object.keys(functionMetrics).sort(),
		);
	});
});
