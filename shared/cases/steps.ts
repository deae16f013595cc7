/**
 * Completing and opening human steps. A step is completed by consuming its pending task with a
 * conditional write (case + events + task in one transaction), then handing the result to the
 * workflow; only one of two concurrent completions can win the write.
 */
import { type CaseStore, type PendingTask, StaleCaseError } from "#shared/cases/store.ts";
import type { CaseWorkflow } from "#shared/cases/workflow.ts";
import type { TaskType } from "#shared/domain/actions.ts";
import type { Case } from "#shared/domain/case.ts";
import { StepAlreadyDone, StepNotPending } from "#shared/domain/errors.ts";
import type { StepResult } from "#shared/domain/step-result.ts";
import { applySupervision, applyWindowExpiry, type Transition } from "#shared/rules/lifecycle.ts";
import { logger } from "#shared/observability.ts";
import { timerSeconds } from "#shared/rules/deadlines.ts";
import { holderOf, PETITIONER } from "#shared/domain/jurisdiction.ts";
import { nowIso, nowMs } from "#shared/time.ts";

export interface StepDeps {
	store: CaseStore;
	workflow: CaseWorkflow;
}

/** The open task of a case if it is of one of `types`, else StepNotPending saying what is pending. */
export async function pendingTaskOf(store: CaseStore, kase: Case, types: readonly TaskType[]): Promise<PendingTask> {
	const task = kase.status === "open" ? await store.task(kase.caseId) : undefined;
	if (task?.status !== "open" || !types.includes(task.type) || task.type !== (kase.pendingTask ?? task.type)) {
		throw new StepNotPending({ stage: kase.stage, pendingTask: task?.status === "open" ? task.type : null });
	}
	return task;
}

/** Applies a transition that completes `task`, then tells the workflow. */
export async function completeStep(deps: StepDeps, kase: Case, task: PendingTask, t: Transition): Promise<Case> {
	let after: Case;
	try {
		after = await deps.store.commit({ before: kase, after: t.after, events: t.events, task: { consume: { token: task.token, result: t.result } } });
	} catch (err) {
		if (err instanceof StaleCaseError) throw new StepAlreadyDone();
		throw err;
	}
	await deps.workflow.complete(task.token, t.result);
	return after;
}

/** Retries a read-modify-write when another writer got in between (workflow steps only). */
async function withRetry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
	for (let i = 1; ; i++) {
		try {
			return await fn();
		} catch (err) {
			if (!(err instanceof StaleCaseError) || i >= attempts) throw err;
		}
	}
}

export class CaseNotFoundError extends Error {
	constructor(caseId: string) {
		super(`case ${caseId} not found`);
		this.name = "CaseNotFound";
	}
}

async function caseOrFail(store: CaseStore, caseId: string): Promise<Case> {
	const kase = await store.get(caseId);
	if (!kase) throw new CaseNotFoundError(caseId);
	return kase;
}

/**
 * The case a new execution belongs to. Registration starts the execution just before it writes the
 * case, so the first step may run a moment early: it waits up to `waitMs` (real time) for the case.
 */
async function caseOfNewExecution(store: CaseStore, caseId: string, waitMs = 5000): Promise<Case> {
	const deadline = Date.now() + waitMs;
	for (let pause = 20; ; pause = Math.min(pause * 2, 500)) {
		const kase = await store.get(caseId);
		if (kase) return kase;
		if (Date.now() + pause > deadline) throw new CaseNotFoundError(caseId);
		await new Promise((r) => setTimeout(r, pause));
	}
}

/** Workflow: a human step is now pending; record its token, assignee and due time. Idempotent. */
export async function openTask(store: CaseStore, input: { caseId: string; taskType: TaskType; token: string }): Promise<void> {
	await withRetry(async () => {
		const kase = await caseOfNewExecution(store, input.caseId);
		const existing = await store.task(input.caseId);
		if (existing?.token === input.token) return;
		const petitionerStep = input.taskType === "review_request" || input.taskType === "rereview_request";
		const task: PendingTask = {
			caseId: kase.caseId,
			type: input.taskType,
			token: input.token,
			status: "open",
			assignee: petitionerStep ? PETITIONER : holderOf(kase),
			openedAt: nowIso(),
			dueAt: kase.dueAt ?? nowIso(),
		};
		const event = {
			type: "task_opened" as const,
			at: task.openedAt,
			actorRole: "system" as const,
			region: kase.region,
			channel: kase.channel,
			...(kase.category ? { category: kase.category } : {}),
			...(kase.unit ? { unit: kase.unit } : {}),
			stage: kase.stage,
			taskType: input.taskType,
		};
		await store.commit({ before: kase, after: { ...kase, pendingTask: input.taskType }, events: [event], task: { put: task } });
	});
}

/**
 * Workflow: the pending step's timer fired. A step a person owes is supervised and stays open; a
 * petitioner's window closes the case. If the step was completed in the same instant, its result wins.
 */
export async function expireTask(store: CaseStore, input: { caseId: string }, kind: "supervise" | "close"): Promise<StepResult> {
	return withRetry(async () => {
		const kase = await caseOrFail(store, input.caseId);
		const task = await store.task(input.caseId);
		if (task?.status === "consumed" && task.result) return task.result;
		if (kase.status === "closed") return { next: "done", timer: { seconds: 1 } };
		const now = nowMs();
		// A retry after this timeout was already applied: same answer, nothing written twice.
		if (task?.status === "timed_out")
			return { next: kase.stage as StepResult["next"], timer: { seconds: timerSeconds(Date.parse(kase.dueAt ?? ""), now) || 1 } };
		const t = kind === "close" ? applyWindowExpiry(kase, now) : applySupervision(kase, task?.type ?? "acceptance", now);
		// The supervision notice (督办): the case is flagged overdue in its holder's queue and logged for
		// the bureau's on-call channel; the log carries no personal data.
		if (kind === "supervise")
			logger.warn("step overdue: supervision notice", { caseId: kase.caseId, holder: holderOf(kase), step: task?.type, supervisions: t.after.supervisions });
		await store.commit({
			before: kase,
			after: t.after,
			events: t.events,
			...(task?.status === "open" ? { task: { expire: { token: task.token } } } : {}),
		});
		return t.result;
	});
}
