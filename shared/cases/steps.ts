/**
 * Completing and opening human steps. Steps are numbered. The transaction that completes step n (case +
 * events + the step's outcome) also opens step n + 1, so the next action is possible the moment the
 * request answers; only one of two concurrent completions can win that write. The workflow learns the
 * outcome by SendTaskSuccess on the step's task token — from the request when the token was already
 * attached, else from the task-opening step when its token arrives (or from the reconciler when a
 * hand-over failed). A timer's outcome is the timer step's own result.
 */
import { startWorkflow } from "#shared/cases/register.ts";
import { type CaseStore, type PendingTask, StaleCaseError, type StepOutcome } from "#shared/cases/store.ts";
import type { CaseWorkflow } from "#shared/cases/workflow.ts";
import type { TaskType } from "#shared/domain/actions.ts";
import type { Case } from "#shared/domain/case.ts";
import { StepAlreadyDone, StepNotPending } from "#shared/domain/errors.ts";
import { holderOf } from "#shared/domain/jurisdiction.ts";
import type { StepResult } from "#shared/domain/step-result.ts";
import { logger } from "#shared/observability.ts";
import { timerSeconds } from "#shared/rules/deadlines.ts";
import {
	applyEvaluationWindowEnd,
	applySupervision,
	applyWindowExpiry,
	openStep,
	type Transition,
	taskOfStage,
} from "#shared/rules/lifecycle.ts";
import { nowIso, nowMs } from "#shared/time.ts";

export interface StepDeps {
	store: CaseStore;
	workflow: CaseWorkflow;
}

/**
 * An execution that has run this long continues in a new one when it next enters a human step: the
 * longest a step then waits (a handling deadline with its extension, 90 days) still ends well inside
 * Step Functions' one-year limit of a Standard execution.
 */
export const RENEW_AFTER_DAYS = 270;
/** RENEW_AFTER_DAYS, or `WORKFLOW_RENEW_AFTER_DAYS` where set (a test that does not wait 270 days). */
export const renewAfterDays = () => Number(process.env.WORKFLOW_RENEW_AFTER_DAYS) || RENEW_AFTER_DAYS;

/**
 * The open task of a case if it is of one of `types`, else StepNotPending saying what is pending.
 * `known`: the task as read with the case (store.getWithTask), else it is read.
 */
export async function pendingTaskOf(
	store: CaseStore,
	kase: Case,
	types: readonly TaskType[],
	known?: { task?: PendingTask },
): Promise<PendingTask> {
	const task = kase.status !== "open" ? undefined : known ? known.task : await store.task(kase.caseId);
	if (task?.status !== "open" || !types.includes(task.type) || task.type !== (kase.pendingTask ?? task.type)) {
		throw new StepNotPending({ stage: kase.stage, pendingTask: task?.status === "open" ? task.type : null });
	}
	return task;
}

/**
 * Tells the workflow a step's outcome and notes that it has it. A token that is no longer waiting is
 * fine. `lazy`: when the workflow goes on to another human step, the note is left to that step's
 * token attach (store.attachToken marks the outcome before it in the same write) — one write less in
 * the request; the reconciler covers a hand-over lost in between.
 */
export async function handOver(
	deps: StepDeps,
	outcome: StepOutcome & { token: string },
	options: { lazy?: boolean } = {},
): Promise<void> {
	const accepted = await deps.workflow.complete(outcome.token, outcome.result);
	if (options.lazy && accepted && outcome.result.next !== "done") return;
	await deps.store.outcomeHandedOver(outcome.caseId, outcome.seq);
}

/**
 * Completes the pending step with `decide(case)`: one write ends it and opens the next. When something
 * else changed the case meanwhile (a supervision, an evaluation, the workflow attaching its token) the
 * decision is taken again on the fresh case; only a competing decision on the same step is a 409.
 * Then the workflow is told, if its token is already there; a failed hand-over is left to the reconciler.
 */
export async function completeStep(
	deps: StepDeps,
	kase: Case,
	types: readonly TaskType[],
	decide: (kase: Case, now: number) => Transition,
	known?: { task?: PendingTask },
): Promise<Case> {
	let current = kase;
	let read = known;
	for (let attempt = 1; ; attempt++) {
		const task = await pendingTaskOf(deps.store, current, types, read);
		read = undefined;
		const now = nowMs();
		const t = decide(current, now);
		const opened = openStep(t.after, task.seq + 1, now);
		const result: StepResult = opened ? { ...t.result, seq: opened.task.seq } : t.result;
		const outcome: StepOutcome = {
			caseId: current.caseId,
			seq: task.seq,
			result,
			at: new Date(now).toISOString(),
			by: "person",
			...(task.token ? { token: task.token } : {}),
			pending: true,
		};
		const closed: PendingTask = { ...task, status: "consumed", token: undefined };
		// Decided before the workflow attached any token and perhaps before it was started: the next step
		// keeps the mark, so the reconciler still finds the case if its execution never started.
		const next: PendingTask | undefined =
			opened && task.awaitingStart && !task.token ? { ...opened.task, awaitingStart: true } : opened?.task;
		let after: Case;
		try {
			after = await deps.store.commit({
				before: current,
				after: t.after,
				events: opened ? [...t.events, opened.event] : t.events,
				task: { advance: { seq: task.seq, token: task.token ?? null, outcome, next: next ?? closed } },
			});
		} catch (err) {
			if (!(err instanceof StaleCaseError)) throw err;
			const { kase: fresh, task: freshTask } = await deps.store.getWithTask(current.caseId);
			const sameStep = fresh?.stage === current.stage && freshTask?.status === "open" && freshTask.type === task.type;
			if (!fresh || !sameStep || attempt >= 5) throw new StepAlreadyDone();
			current = fresh;
			read = { ...(freshTask ? { task: freshTask } : {}) };
			continue;
		}
		if (outcome.token) {
			try {
				await handOver(deps, { ...outcome, token: outcome.token }, { lazy: true });
			} catch (err) {
				// The decision is recorded and the next step open; the reconciler completes the hand-over.
				logger.warn("hand-over to the workflow failed; left to the reconciler", {
					caseId: current.caseId,
					seq: task.seq,
					error: (err as Error).name,
				});
			}
		}
		return after;
	}
}

/** Retries a read-modify-write when another writer got in between. */
export async function withRetry<T>(fn: () => Promise<T>, attempts = 5): Promise<T> {
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

export interface OpenTaskInput {
	caseId: string;
	taskType: TaskType;
	token: string;
	/** The step this workflow state waits on. */
	seq?: number;
	/** When the execution started (ISO): a long-running one continues in a new execution. */
	startedAt?: string;
}

/**
 * Workflow: a human step's state was entered with `token`. The step itself was opened by the write
 * that ended the one before; this only attaches the token — or, when the step was decided before the
 * token arrived, hands the decision over at once. Idempotent.
 */
export async function openTask(deps: StepDeps, input: OpenTaskInput): Promise<void> {
	const { store } = deps;
	const now = nowMs();
	const renew = input.startedAt !== undefined && now - Date.parse(input.startedAt) > renewAfterDays() * 86_400_000;
	// The usual case in one conditional write: the step is open under this number; attach the token.
	if (input.seq !== undefined && !renew && (await store.attachToken(input.caseId, input.seq, input.token))) return;
	const task = await store.task(input.caseId);
	if (!task) throw new CaseNotFoundError(input.caseId);
	const seq = input.seq ?? task.seq;
	if (task.seq === seq && task.status === "open") {
		if (renew) {
			// Continue in a new execution, waiting on the same step until the same deadline.
			const next = stageOfTask(task.type);
			await deps.workflow.complete(input.token, {
				next,
				timer: { seconds: timerSeconds(Date.parse(task.dueAt), now) || 1 },
				seq,
				renew: true,
			});
			return;
		}
		if (task.token === input.token || (await store.attachToken(input.caseId, seq, input.token))) return;
	}
	const outcome = await store.outcome(input.caseId, seq);
	if (!outcome) {
		// An older state's delivery after its step moved on (its outcome was handed over then), or a
		// record from before steps were numbered: nothing to do.
		logger.info("task token for a step that is no longer open", { caseId: input.caseId, seq, open: task.seq });
		return;
	}
	if (outcome.token !== input.token) await store.setOutcomeToken(input.caseId, seq, input.token);
	await handOver(deps, { ...outcome, token: input.token });
}

const stageOfTask = (type: TaskType): StepResult["next"] =>
	(Object.entries(taskOfStage).find(([, t]) => t === type)?.[0] ?? "done") as StepResult["next"];

/**
 * Workflow: the timer of step `seq` fired. A step a person owes is supervised and opened again as the
 * next step, same type, with a follow-up deadline; a petitioner's window closes the case. If a person
 * decided the step first, that outcome is the result. A retry returns the same result, writing nothing.
 */
export async function expireTask(
	store: CaseStore,
	input: { caseId: string; seq?: number },
	kind: "supervise" | "close",
): Promise<StepResult & { seq: number }> {
	// The workflow keeps `seq` from this result (ResultSelector), so it is always there, also when done.
	const withSeq = (r: StepResult, seq: number) => ({ ...r, seq: r.seq ?? seq });
	return withRetry(async () => {
		// The case, its step and the step's outcome in one read (a workflow from before steps were
		// numbered gives no seq: then the step is read first).
		const seq = input.seq ?? (await store.task(input.caseId))?.seq ?? 0;
		const { kase, task, outcome: decided } = await store.stepState(input.caseId, seq);
		if (!kase) throw new CaseNotFoundError(input.caseId);
		if (decided) return withSeq(decided.result, seq);
		if (task?.status === "consumed" && task.result) return withSeq(task.result, seq); // records from before steps were numbered
		if (kase.status === "closed" || !task || task.seq !== seq || task.status !== "open")
			return { next: "done", timer: { seconds: 1 }, seq };
		const now = nowMs();
		const t = kind === "close" ? applyWindowExpiry(kase, now) : applySupervision(kase, task.type, now);
		const again: PendingTask | undefined =
			kind === "supervise"
				? { ...task, seq: seq + 1, token: undefined, dueAt: t.after.dueAt ?? task.dueAt }
				: undefined;
		const result = withSeq(again ? { ...t.result, seq: again.seq } : t.result, seq);
		// The supervision notice (督办): the case is flagged overdue in its holder's queue and logged for
		// the bureau's on-call channel; the log carries no personal data.
		if (kind === "supervise")
			logger.warn("step overdue: supervision notice", {
				caseId: kase.caseId,
				holder: holderOf(kase),
				step: task.type,
				supervisions: t.after.supervisions,
			});
		await store.commit({
			before: kase,
			after: t.after,
			events: t.events,
			task: {
				advance: {
					seq,
					outcome: { caseId: kase.caseId, seq, result, at: nowIso(), by: "timer", pending: false },
					next: again ?? { ...task, status: "timed_out", token: undefined },
				},
			},
		});
		return result;
	});
}

/** How long after its write a registration is left to start its own execution (real time). */
export const START_GRACE_MS = 60_000;

/**
 * Reconciler: starts the execution of every case whose step still waits for it (registration wrote
 * the case, then its start failed or the process died before it), and hands every recorded outcome
 * whose hand-over failed to the workflow.
 */
export async function reconcileHandovers(
	deps: StepDeps,
	limit = 100,
	options: { startsWrittenBefore?: number } = {},
): Promise<{ started: number; handed: number; waiting: number }> {
	let handed = 0;
	let waiting = 0;
	let started = 0;
	// A registration starts its own execution right after its write: only older marks are the reconciler's.
	const before = options.startsWrittenBefore ?? Date.now() - START_GRACE_MS;
	for (const caseId of await deps.store.awaitingStart(limit, before)) {
		const kase = await deps.store.get(caseId);
		if (kase) {
			// Started at step 1 even if a person has decided it since: its task-opening step then finds
			// that outcome and hands it over, and the execution goes on from there.
			await startWorkflow(deps.workflow, kase);
			started++;
		}
		await deps.store.startConfirmed(caseId);
	}
	for (const outcome of await deps.store.pendingOutcomes(limit)) {
		// No token yet: the step's workflow state has not been entered; its task-opening step will hand it over.
		if (!outcome.token) {
			waiting++;
			continue;
		}
		await handOver(deps, { ...outcome, token: outcome.token });
		handed++;
	}
	return { started, handed, waiting };
}

/** The evaluation timer's execution of a case (docs/lifecycle.md, "The evaluation window"). */
export const evaluationExecutionName = (caseId: string) => `${caseId}.evaluation`;

/**
 * Workflow step after a reply: starts the case's evaluation timer, an execution of the same state
 * machine that waits until the window's end. Starting it again with the same input while it runs is
 * the same execution; once it has finished, the name is taken (`ExecutionAlreadyExists`): done as well.
 */
export async function startEvaluationTimer(
	workflow: CaseWorkflow,
	caseId: string,
	until: string,
): Promise<{ started: string }> {
	const name = evaluationExecutionName(caseId);
	try {
		await workflow.start(caseId, { next: "evaluation_window", timer: { seconds: 1 }, evaluation: { until } }, name);
	} catch (err) {
		if ((err as { name?: string }).name !== "ExecutionAlreadyExists") throw err;
	}
	return { started: name };
}

/**
 * The evaluation timer fired: writes `evaluation_window_closed` with the case, in one transaction,
 * once. A repeated timer or a retried task finds `evaluationClosedAt` and writes nothing.
 */
export async function endEvaluationWindow(store: CaseStore, caseId: string): Promise<{ closed: boolean }> {
	return withRetry(async () => {
		const kase = await caseOrFail(store, caseId);
		const t = applyEvaluationWindowEnd(kase, nowMs());
		if (!t) return { closed: false };
		await store.commit({ before: kase, after: t.after, events: t.events });
		return { closed: true };
	});
}
