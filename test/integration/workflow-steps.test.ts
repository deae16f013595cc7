/**
 * The workflow's functions called directly, as Step Functions would call them again after a retry or
 * in a race with a person: each is idempotent, and a person's decision wins over a timer that fired
 * in the same instant.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseDeps } from "#shared/aws/deps.ts";
import { completeStep, expireTask, openTask } from "#shared/cases/steps.ts";
import type { CaseWorkflow } from "#shared/cases/workflow.ts";
import type { Case } from "#shared/domain/case.ts";
import { applyAction } from "#shared/rules/lifecycle.ts";
import { handler as openTaskHandler } from "#functions/workflow/open-task.ts";
import type { LocalSystem } from "#local/system.ts";
import { api } from "../support/api.ts";
import { startTestSystem } from "../support/system.ts";

let system: LocalSystem;
beforeAll(async () => {
	system = await startTestSystem({ clock: "virtual", start: "2024-05-06T09:00:00+08:00" });
});
afterAll(() => system.stop());

/** A workflow that records what it was told instead of completing the engine's task. */
function recordingWorkflow(): CaseWorkflow & { completed: string[] } {
	const completed: string[] = [];
	return {
		completed,
		start: async () => undefined,
		complete: async (token) => {
			completed.push(token);
			return false;
		},
	};
}

describe("workflow steps are idempotent", () => {
	it("openTask invoked twice with the same token records one pending task and one event", async () => {
		const { caseId } = await api(system).submit();
		const { store } = caseDeps();
		const before = (await store.events(caseId)).length;
		const token = "duplicate-delivery-token";
		await openTaskHandler({ caseId, taskType: "acceptance", token });
		await openTaskHandler({ caseId, taskType: "acceptance", token });
		const events = await store.events(caseId);
		expect(events.length).toBe(before + 1);
		expect(await store.task(caseId)).toMatchObject({ token, status: "open", type: "acceptance", assignee: "INTAKE#431127" });
	});

	it("supervising twice after one timeout counts one supervision notice per missed deadline", async () => {
		const { caseId } = await api(system).submit();
		const { store } = caseDeps();
		await openTask(store, { caseId, taskType: "acceptance", token: "t-1" });
		const first = await expireTask(store, { caseId }, "supervise");
		const second = await expireTask(store, { caseId }, "supervise");
		expect(second).toEqual(first);
		expect(first.next).toBe("acceptance");
		expect((await store.task(caseId))?.status).toBe("timed_out");
		expect((await store.events(caseId)).filter((e) => e.type === "overdue")).toHaveLength(1);
		expect((await store.get(caseId))?.supervisions).toBe(1);
	});
});

describe("a decision and a timer in the same instant", () => {
	it("when the person consumed the step first, supervision returns the person's result and changes nothing", async () => {
		const { caseId } = await api(system).submit();
		const deps = caseDeps();
		await openTask(deps.store, { caseId, taskType: "acceptance", token: "race-token" });
		const kase = (await deps.store.get(caseId)) as Case;
		const task = await deps.store.task(caseId);
		if (!task) throw new Error("no task");
		const workflow = recordingWorkflow();
		const t = applyAction(kase, { type: "accept", category: "appeal", unit: "431127-housing" }, Date.now(), { role: "intake" });
		await completeStep({ store: deps.store, workflow }, kase, task, t);
		const eventsBefore = (await deps.store.events(caseId)).length;
		const result = await expireTask(deps.store, { caseId }, "supervise");
		expect(result).toEqual(t.result);
		expect(result.next).toBe("handling");
		expect((await deps.store.events(caseId)).length).toBe(eventsBefore);
		expect(workflow.completed).toEqual(["race-token"]);
	});

	it("when the window's timer won, a late request cannot consume the expired step", async () => {
		const { caseId } = await api(system).submit();
		const deps = caseDeps();
		await openTask(deps.store, { caseId, taskType: "acceptance", token: "late-token" });
		const kase = (await deps.store.get(caseId)) as Case;
		const task = await deps.store.task(caseId);
		if (!task) throw new Error("no task");
		await expireTask(deps.store, { caseId }, "supervise");
		const t = applyAction(kase, { type: "accept", category: "appeal", unit: "431127-housing" }, Date.now(), { role: "intake" });
		await expect(completeStep({ store: deps.store, workflow: recordingWorkflow() }, kase, task, t)).rejects.toMatchObject({
			name: "StepAlreadyDone",
			code: "STEP_ALREADY_DONE",
		});
	});
});
