/**
 * The workflow's functions called directly, as Step Functions would call them again after a retry or
 * in a race with a person: each is idempotent, a person's decision wins over a timer that fired in the
 * same instant, a decision made before the workflow's token arrived is handed over when it comes, and
 * a failed hand-over is completed by the reconciler.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseDeps } from "#shared/aws/deps.ts";
import { registerCase } from "#shared/cases/register.ts";
import { completeStep, expireTask, openTask, reconcileHandovers } from "#shared/cases/steps.ts";
import type { CaseWorkflow } from "#shared/cases/workflow.ts";
import type { Case } from "#shared/domain/case.ts";
import { petitionSchema } from "#shared/domain/petition.ts";
import { applyAction } from "#shared/rules/lifecycle.ts";
import type { LocalSystem } from "#local/system.ts";
import { samplePetition, startTestSystem } from "../support/system.ts";

let system: LocalSystem;
beforeAll(async () => {
	system = await startTestSystem({ clock: "virtual", start: "2024-05-06T09:00:00+08:00" });
});
afterAll(() => system.stop());

/** A workflow that records what it was told instead of running an execution. */
function recordingWorkflow(options: { fail?: boolean } = {}): CaseWorkflow & { completed: [string, unknown][] } {
	const completed: [string, unknown][] = [];
	return {
		completed,
		start: async () => undefined,
		complete: async (token, result) => {
			if (options.fail) throw Object.assign(new Error("connection reset"), { name: "TimeoutError" });
			completed.push([token, result]);
			return true;
		},
	};
}

/** A case with no execution behind it: the test plays the workflow's part. */
async function caseWithoutExecution(workflow: CaseWorkflow): Promise<string> {
	const r = await registerCase(
		{ store: caseDeps().store, workflow },
		{ petition: petitionSchema.parse(samplePetition()), channel: "online", actorRole: "petitioner" },
	);
	// No execution will attach a token: the reconciler must not start one either.
	await caseDeps().store.startConfirmed(r.caseId);
	return r.caseId;
}

const accept = (kase: Case, now: number) =>
	applyAction(kase, { type: "accept", category: "appeal", unit: "431127-housing" }, now, { role: "intake" });

describe("the task-opening step only attaches its token", () => {
	it("invoked twice with the same token it writes no event and leaves the case as it was", async () => {
		const workflow = recordingWorkflow();
		const caseId = await caseWithoutExecution(workflow);
		const { store } = caseDeps();
		const before = await store.get(caseId);
		const deps = { store, workflow };
		await openTask(deps, { caseId, taskType: "acceptance", token: "duplicate-delivery-token", seq: 1 });
		await openTask(deps, { caseId, taskType: "acceptance", token: "duplicate-delivery-token", seq: 1 });
		expect(await store.get(caseId)).toEqual(before);
		expect(await store.task(caseId)).toMatchObject({
			seq: 1,
			token: "duplicate-delivery-token",
			status: "open",
			type: "acceptance",
			assignee: "INTAKE#431127",
		});
		expect(workflow.completed).toEqual([]);
	});

	it("a decision made before the token arrived is handed over the moment the token comes", async () => {
		const workflow = recordingWorkflow();
		const caseId = await caseWithoutExecution(workflow);
		const { store } = caseDeps();
		const deps = { store, workflow };
		const kase = (await store.get(caseId)) as Case;
		await completeStep(deps, kase, ["acceptance"], accept);
		expect(workflow.completed).toEqual([]);
		expect(await store.outcome(caseId, 1)).toMatchObject({
			pending: true,
			by: "person",
			result: { next: "handling", seq: 2 },
		});
		expect(await store.task(caseId)).toMatchObject({
			seq: 2,
			type: "handling",
			status: "open",
			assignee: "UNIT#431127-housing",
		});
		await openTask(deps, { caseId, taskType: "acceptance", token: "late-token", seq: 1 });
		expect(workflow.completed).toEqual([["late-token", expect.objectContaining({ next: "handling", seq: 2 })]]);
		expect(await store.outcome(caseId, 1)).toMatchObject({ pending: false, token: "late-token" });
		// The next state's token attaches to step 2.
		await openTask(deps, { caseId, taskType: "handling", token: "handling-token", seq: 2 });
		expect(await store.task(caseId)).toMatchObject({ seq: 2, token: "handling-token" });
	});

	it("a decision handed over by the request is noted as handed over by the next step's token, in the same write", async () => {
		const workflow = recordingWorkflow();
		const caseId = await caseWithoutExecution(workflow);
		const { store } = caseDeps();
		const deps = { store, workflow };
		await openTask(deps, { caseId, taskType: "acceptance", token: "first-token", seq: 1 });
		const { kase, task } = await store.getWithTask(caseId);
		expect(task).toMatchObject({ seq: 1, token: "first-token" });
		await completeStep(deps, kase as Case, ["acceptance"], accept, { ...(task ? { task } : {}) });
		expect(workflow.completed).toEqual([["first-token", expect.objectContaining({ next: "handling", seq: 2 })]]);
		// Sent, not yet noted: the workflow's next step notes it (a lost hand-over is the reconciler's).
		expect(await store.outcome(caseId, 1)).toMatchObject({ pending: true, token: "first-token" });
		await openTask(deps, { caseId, taskType: "handling", token: "second-token", seq: 2 });
		expect(await store.task(caseId)).toMatchObject({ seq: 2, token: "second-token", status: "open" });
		expect(await store.outcome(caseId, 1)).toMatchObject({ pending: false });
		expect(workflow.completed).toHaveLength(1);
	});
});

describe("timers", () => {
	it("supervising twice after one timeout writes one event; a second missed deadline writes one more, and no task_opened", async () => {
		const workflow = recordingWorkflow();
		const caseId = await caseWithoutExecution(workflow);
		const { store } = caseDeps();
		const before = (await store.events(caseId)).length;
		const first = await expireTask(store, { caseId, seq: 1 }, "supervise");
		const again = await expireTask(store, { caseId, seq: 1 }, "supervise");
		expect(again).toEqual(first);
		expect(first).toMatchObject({ next: "acceptance", seq: 2 });
		expect(await store.task(caseId)).toMatchObject({ seq: 2, status: "open", type: "acceptance" });
		expect((await store.events(caseId)).length).toBe(before + 1);
		const second = await expireTask(store, { caseId, seq: 2 }, "supervise");
		expect(second).toMatchObject({ next: "acceptance", seq: 3 });
		const types = (await store.events(caseId)).slice(before).map((e) => e.type);
		expect(types).toEqual(["overdue", "overdue"]);
		expect((await store.get(caseId))?.supervisions).toBe(2);
	});

	it("when the person decided first, the timer returns the person's result and changes nothing", async () => {
		const workflow = recordingWorkflow();
		const caseId = await caseWithoutExecution(workflow);
		const { store } = caseDeps();
		const deps = { store, workflow };
		await openTask(deps, { caseId, taskType: "acceptance", token: "race-token", seq: 1 });
		const after = await completeStep(deps, (await store.get(caseId)) as Case, ["acceptance"], accept);
		const eventsBefore = (await store.events(caseId)).length;
		const result = await expireTask(store, { caseId, seq: 1 }, "supervise");
		expect(result).toMatchObject({ next: "handling", seq: 2 });
		expect((await store.events(caseId)).length).toBe(eventsBefore);
		expect(await store.get(caseId)).toEqual(after);
		expect(workflow.completed.map(([t]) => t)).toEqual(["race-token"]);
	});

	it("a supervision between reading the case and writing the decision is no reason to refuse: the decision applies to the supervised step", async () => {
		const workflow = recordingWorkflow();
		const caseId = await caseWithoutExecution(workflow);
		const { store } = caseDeps();
		const stale = (await store.get(caseId)) as Case;
		await expireTask(store, { caseId, seq: 1 }, "supervise");
		const after = await completeStep({ store, workflow }, stale, ["acceptance"], accept);
		expect(after).toMatchObject({ stage: "handling", supervisions: 1 });
		expect(await store.outcome(caseId, 2)).toMatchObject({ by: "person", result: { next: "handling", seq: 3 } });
	});
});

describe("the reconciler", () => {
	it("hands over a decision whose SendTaskSuccess failed; the request still answered with the decision", async () => {
		const broken = recordingWorkflow({ fail: true });
		const caseId = await caseWithoutExecution(broken);
		const { store } = caseDeps();
		await openTask({ store, workflow: broken }, { caseId, taskType: "acceptance", token: "lost-token", seq: 1 });
		const after = await completeStep(
			{ store, workflow: broken },
			(await store.get(caseId)) as Case,
			["acceptance"],
			accept,
		);
		expect(after.stage).toBe("handling");
		expect(await store.outcome(caseId, 1)).toMatchObject({ pending: true, token: "lost-token" });
		const working = recordingWorkflow();
		const swept = await reconcileHandovers({ store, workflow: working }, 1000);
		expect(swept.handed).toBeGreaterThanOrEqual(1);
		expect(working.completed).toContainEqual(["lost-token", expect.objectContaining({ next: "handling", seq: 2 })]);
		expect(await store.outcome(caseId, 1)).toMatchObject({ pending: false });
	});
});
