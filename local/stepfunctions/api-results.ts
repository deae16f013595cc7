/**
 * How the engine's records become API results: names and status filters checked as AWS checks them,
 * pagination tokens, and the SDK output shapes of state machines, executions and history events.
 */
import type { HistoryEvent as SdkHistoryEvent } from "@aws-sdk/client-sfn";
import type { ApiInput, ApiOutput } from "./api-types.ts";
import { apiErrors } from "./errors.ts";
import type { ExecutionDoc, ExecutionStatus, ExecutionSummary, HistoryEvent, StateMachineRecord } from "./types.ts";

/** State machine and execution names: 1–80 characters, none of AWS's excluded ones. */
const NAME_RE = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]{1,80}$/;
const STATUSES = new Set<string>(["RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED"] as ExecutionStatus[]);

export function checkName(name: unknown): string {
	if (typeof name !== "string" || !NAME_RE.test(name)) throw apiErrors.invalidName(`Invalid Name: '${String(name)}'`);
	return name;
}

/** A state machine or execution ARN in AWS's form (`arn:…:states:region:account:stateMachine:NAME`, `…:execution:NAME:EXEC`). */
export function checkArn(arn: unknown, kind: "stateMachine" | "execution"): string {
	const parts = typeof arn === "string" ? arn.split(":") : [];
	const ok =
		parts[0] === "arn" && parts[2] === "states" && parts[5] === kind && parts.length === (kind === "execution" ? 8 : 7);
	if (!ok) throw apiErrors.invalidArn(`Invalid Arn: '${String(arn)}'`);
	return arn as string;
}

export function checkStatusFilter(status: string | undefined): ExecutionStatus | undefined {
	if (status !== undefined && !STATUSES.has(status)) throw apiErrors.validation(`Invalid statusFilter: '${status}'`);
	return status as ExecutionStatus | undefined;
}

/** One page of `items` and the token of the next (an opaque base64url `{ offset }`). */
export function page<T>(
	items: T[],
	maxResults: number | undefined,
	nextToken: string | undefined,
	max = 1000,
): { items: T[]; nextToken?: string } {
	let offset = 0;
	if (nextToken) {
		try {
			const parsed = JSON.parse(Buffer.from(nextToken, "base64url").toString("utf8")) as { offset?: unknown };
			if (typeof parsed.offset !== "number" || parsed.offset < 0) throw new Error("bad");
			offset = parsed.offset;
		} catch {
			throw apiErrors.invalidPaginationToken();
		}
	}
	const size = maxResults && maxResults > 0 ? Math.min(maxResults, max) : 100;
	const slice = items.slice(offset, offset + size);
	const end = offset + slice.length;
	return end < items.length
		? { items: slice, nextToken: Buffer.from(JSON.stringify({ offset: end })).toString("base64url") }
		: { items: slice };
}

export function stateMachineDescription(sm: StateMachineRecord) {
	return {
		stateMachineArn: sm.arn,
		name: sm.name,
		status: "ACTIVE",
		definition: sm.definition,
		roleArn: sm.roleArn,
		type: sm.type,
		creationDate: new Date(sm.createdMs),
		revisionId: sm.revisionId,
		loggingConfiguration: { level: "OFF", includeExecutionData: false },
		tracingConfiguration: { enabled: false },
	} satisfies ApiOutput<"DescribeStateMachine">;
}

export function stateMachineList(all: StateMachineRecord[], input: ApiInput<"ListStateMachines">) {
	const p = page(
		all.slice().sort((a, b) => (a.name < b.name ? -1 : 1)),
		input.maxResults,
		input.nextToken,
	);
	return {
		stateMachines: p.items.map((sm) => ({
			stateMachineArn: sm.arn,
			name: sm.name,
			type: sm.type,
			creationDate: new Date(sm.createdMs),
		})),
		...(p.nextToken ? { nextToken: p.nextToken } : {}),
	} satisfies ApiOutput<"ListStateMachines">;
}

export function executionDescription(d: ExecutionDoc) {
	return {
		executionArn: d.arn,
		stateMachineArn: d.smArn,
		name: d.name,
		status: d.status,
		startDate: new Date(d.startMs),
		...(d.stopMs !== undefined ? { stopDate: new Date(d.stopMs) } : {}),
		input: d.inputText,
		inputDetails: { included: true },
		...(d.output !== undefined ? { output: d.output, outputDetails: { included: true } } : {}),
		...(d.error !== undefined ? { error: d.error } : {}),
		...(d.cause !== undefined ? { cause: d.cause } : {}),
		...(d.traceHeader ? { traceHeader: d.traceHeader } : {}),
		redriveCount: 0,
		redriveStatus: "NOT_REDRIVABLE",
	} satisfies ApiOutput<"DescribeExecution">;
}

export function executionList(all: ExecutionSummary[], input: ApiInput<"ListExecutions">) {
	const p = page(all, input.maxResults, input.nextToken);
	return {
		executions: p.items.map((e) => ({
			executionArn: e.arn,
			stateMachineArn: e.smArn,
			name: e.name,
			status: e.status,
			startDate: new Date(e.startMs),
			...(e.stopMs !== undefined ? { stopDate: new Date(e.stopMs) } : {}),
		})),
		...(p.nextToken ? { nextToken: p.nextToken } : {}),
	} satisfies ApiOutput<"ListExecutions">;
}

/**
 * A page of history. Events are built with AWS's detail shapes (`…EventDetails`), so each is the
 * SDK's HistoryEvent once its timestamp is a Date; `includeExecutionData: false` drops inputs,
 * outputs and parameters from the details.
 */
export function historyPage(events: HistoryEvent[], input: ApiInput<"GetExecutionHistory">) {
	const ordered = input.reverseOrder ? events.slice().reverse() : events;
	const p = page(ordered, input.maxResults, input.nextToken);
	const strip = input.includeExecutionData === false;
	return {
		events: p.items.map((e) => {
			const out: Record<string, unknown> = { ...e, timestamp: new Date(e.timestamp) };
			if (strip)
				for (const [key, details] of Object.entries(out))
					if (key.endsWith("EventDetails") && details && typeof details === "object") {
						const { input: _i, output: _o, parameters: _p, ...rest } = details as Record<string, unknown>;
						out[key] = rest;
					}
			return out as unknown as SdkHistoryEvent;
		}),
		...(p.nextToken ? { nextToken: p.nextToken } : {}),
	} satisfies ApiOutput<"GetExecutionHistory">;
}
