/**
 * Differential conformance: every program in programs.ts runs on the embedded engine (in memory,
 * virtual clock) and on aws-local-stepfunctions in the same test (programs-aws.ts: pinned to AWS, where
 * the peer lacks the feature); outcomes must match, except
 * where the program pins AWS's documented behaviour against a known peer bug.
 */
import aslValidator from "asl-validator";
import { StateMachine } from "aws-local-stepfunctions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { virtualClock } from "#local/clock.ts";
import { createEngine, createMemoryStore, type Engine } from "#local/stepfunctions/index.ts";
import { type ConformanceCase, type Fn, type Outcome, programs as basePrograms } from "./programs.ts";
import { contextPrograms, jsonataPrograms, runtimeCausePrograms, variablePrograms } from "./programs-aws.ts";

const programs = [
	...basePrograms,
	...variablePrograms,
	...jsonataPrograms,
	...contextPrograms,
	...runtimeCausePrograms,
];

type StateLike = Record<string, unknown> & {
	Type?: string;
	Resource?: string;
	Branches?: unknown[];
	ItemProcessor?: unknown;
	Iterator?: unknown;
};
type MachineLike = { States?: Record<string, StateLike> };

/** Every state of a definition, nested ones included. */
function allStates(machine: MachineLike): [string, StateLike][] {
	const out: [string, StateLike][] = [];
	for (const [name, st] of Object.entries(machine.States ?? {})) {
		out.push([name, st]);
		for (const b of (st.Branches ?? []) as MachineLike[]) out.push(...allStates(b));
		const proc = (st.ItemProcessor ?? st.Iterator) as MachineLike | undefined;
		if (proc) out.push(...allStates(proc));
	}
	return out;
}

const fnName = (arn: string) => arn.split(":function:")[1]?.split(":")[0] ?? arn;

async function runPeer(
	c: ConformanceCase,
	input: unknown,
	fns: Record<string, Fn>,
): Promise<Outcome | { status: "REJECTED"; error: string }> {
	const handlers: Record<string, (i: unknown) => Promise<unknown>> = {};
	const waits: Record<string, number> = {};
	const retries: Record<string, number> = {};
	for (const [name, st] of allStates(c.definition as MachineLike)) {
		if (st.Type === "Wait") waits[name] = 0;
		if (st.Retry) retries[name] = 0;
		if (st.Type === "Task" && st.Resource) {
			if (st.Resource === "arn:aws:states:::lambda:invoke")
				handlers[name] = async (p) => {
					const q = p as { FunctionName: string; Payload?: unknown };
					return {
						ExecutedVersion: "$LATEST",
						Payload: await fns[fnName(q.FunctionName)]!(q.Payload),
						StatusCode: 200,
					};
				};
			else handlers[name] = async (p) => fns[fnName(st.Resource!)]!(p);
		}
	}
	let machine: StateMachine;
	try {
		machine = new StateMachine(c.definition as never);
	} catch (err) {
		return { status: "REJECTED", error: (err as Error).message };
	}
	try {
		const output = await machine.run(input as never, {
			overrides: {
				taskResourceLocalHandlers: handlers as never,
				waitTimeOverrides: waits,
				retryIntervalOverrides: retries,
			},
		}).result;
		return { status: "SUCCEEDED", output };
	} catch (err) {
		const e = err as Error & { cause?: Error };
		return { status: "FAILED", error: e.cause?.name ?? e.name, cause: e.cause?.message ?? e.message };
	}
}

describe("differential conformance against aws-local-stepfunctions", () => {
	const clock = virtualClock(Date.parse("2025-06-01T00:00:00Z"));
	let engine: Engine;
	const functionsByMachine = new Map<string, Record<string, Fn>>();

	beforeAll(async () => {
		engine = createEngine({
			store: createMemoryStore(),
			clock,
			settleInvocationsMs: 50,
			invoke: async (name, payload, ctx) => {
				const fn = functionsByMachine.get(ctx.stateMachineArn)?.[name];
				if (!fn) throw Object.assign(new Error(`no function ${name}`), { name: "Lambda.ResourceNotFoundException" });
				return fn(payload);
			},
		});
		await engine.start();
	});
	afterAll(async () => {
		await engine?.stop();
	});

	async function runOurs(smArn: string, input: unknown, fns: Record<string, Fn>): Promise<Outcome> {
		functionsByMachine.set(smArn, fns);
		const { executionArn } = await engine.startExecution({ stateMachineArn: smArn, input: JSON.stringify(input) });
		for (let i = 0; i < 20; i++) {
			const d = await engine.describeExecution({ executionArn });
			if (d.status !== "RUNNING") break;
			await clock.advance(366 * 86_400_000); // every Wait, retry and timeout fires
		}
		const d = await engine.describeExecution({ executionArn });
		if (d.status === "SUCCEEDED") return { status: "SUCCEEDED", output: JSON.parse(d.output ?? "null") };
		return { status: "FAILED", error: d.error, cause: d.cause };
	}

	it("has at least 60 programs (each is checked by asl-validator when its state machine is created)", () => {
		expect(programs.length).toBeGreaterThanOrEqual(60);
		expect(new Set(programs.map((p) => p.name)).size).toBe(programs.length);
		expect(aslValidator({ StartAt: "Nope", States: {} }).isValid).toBe(false);
	});

	programs.forEach((c, index) => {
		it(c.name, async () => {
			const { stateMachineArn } = await engine.createStateMachine({
				name: `p${index}`,
				definition: JSON.stringify(c.definition),
			});
			const inputs = c.inputs ?? [{}];
			let peerDiffered = false;
			for (const [i, input] of inputs.entries()) {
				const ours = await runOurs(stateMachineArn, input, c.functions?.() ?? {});
				const pinned = c.expected?.[i];
				if (typeof pinned === "function") pinned(ours);
				else if (pinned)
					expect(compareable(ours, c), `ours, input ${JSON.stringify(input)}`).toEqual(compareable(pinned, c));
				if (c.peerSkip) continue;
				const peer = await runPeer(c, input, c.functions?.() ?? {});
				if (c.peer) {
					// the peer is known to be wrong here: AWS's docs decide (c.peer.docs)
					expect(pinned, `${c.name} must pin AWS's behaviour`).toBeDefined();
					if (JSON.stringify(compareable(peer, c)) !== JSON.stringify(compareable(ours, c))) peerDiffered = true;
				} else {
					expect(compareable(ours, c), `ours vs peer, input ${JSON.stringify(input)}`).toEqual(compareable(peer, c));
				}
			}
			if (c.peer && !c.peerSkip)
				expect(peerDiffered, `the peer should still differ (${c.peer.differs}); see ${c.peer.docs}`).toBe(true);
		});
	});
});

function compareable(o: Outcome | { status: "REJECTED"; error: string }, c: ConformanceCase): unknown {
	if (o.status === "FAILED" && !c.compareCause) return { status: o.status, error: o.error };
	if (o.status === "FAILED") return { status: o.status, error: o.error, cause: o.cause };
	return o;
}
