/** Registration (登记, R21–23): a new case in stage "acceptance" with its first event. */
import type { CaseStore } from "#shared/cases/store.ts";
import { caseRecord, type SubmissionKey } from "#shared/cases/submission-key.ts";
import { logger } from "#shared/observability.ts";
import { queryCodeSms } from "#shared/notify/sms.ts";
import type { CaseWorkflow } from "#shared/cases/workflow.ts";
import type { Case } from "#shared/domain/case.ts";
import type { ActorRole, CaseEvent } from "#shared/domain/events.ts";
import { hashQueryCode, newCaseId, newQueryCode } from "#shared/domain/ids.ts";
import type { Channel, Petition, Representative } from "#shared/domain/petition.ts";
import { acceptanceDueAt, timerSeconds } from "#shared/rules/deadlines.ts";
import { openStep } from "#shared/rules/lifecycle.ts";
import { nowIso, nowMs } from "#shared/time.ts";

export interface Registered {
	caseId: string;
	queryCode: string;
	status: Case["status"];
	stage: Case["stage"];
	dueAt: string;
}

export interface RegistrationInput {
	petition: Petition & { representatives?: Representative[] };
	channel: Channel;
	receivedAt?: string;
	actorRole: ActorRole;
	actor?: string;
}

/** The first step's input of a case's execution (name = case id): acceptance, step 1, until its deadline. */
export function firstStep(kase: Pick<Case, "receivedAt">, now: number) {
	return {
		next: "acceptance" as const,
		timer: { seconds: timerSeconds(acceptanceDueAt(Date.parse(kase.receivedAt)), now) },
		seq: 1,
	};
}

/**
 * Starts a case's execution (name = case id) at its first step. Starting one that exists already
 * (another caller was first: the reconciler, a retry) is no error.
 */
export async function startWorkflow(workflow: CaseWorkflow, kase: Pick<Case, "caseId" | "receivedAt">): Promise<void> {
	try {
		await workflow.start(kase.caseId, firstStep(kase, nowMs()));
	} catch (err) {
		if ((err as { name?: string }).name !== "ExecutionAlreadyExists") throw err;
	}
}

/**
 * Writes the case with its first events, its first step (open at once) and, under an Idempotency-Key,
 * the submission's record — all in one transaction — then starts its workflow. A failed write leaves
 * nothing; a start that fails (or never happens: the process died) leaves the step marked
 * `awaitingStart`, and the reconciler starts the execution (reconcileStarts in shared/cases/steps.ts):
 * never a case without its workflow, never a workflow without its case.
 */
export async function registerCase(
	deps: { store: CaseStore; workflow: CaseWorkflow },
	input: RegistrationInput,
	key?: SubmissionKey,
): Promise<Registered> {
	const registeredAt = nowIso();
	const receivedAt = input.receivedAt ? new Date(input.receivedAt).toISOString() : registeredAt;
	const receivedMs = Date.parse(receivedAt);
	const queryCode = newQueryCode();
	const caseId = newCaseId(input.petition.region, receivedMs);
	const kase: Case = {
		...input.petition,
		caseId,
		channel: input.channel,
		receivedAt,
		registeredAt,
		status: "open",
		stage: "acceptance",
		pendingTask: "acceptance",
		dueAt: new Date(acceptanceDueAt(receivedMs)).toISOString(),
		overdue: false,
		supervisions: 0,
		transfers: 0,
		returns: 0,
		extended: false,
		documents: [],
		repeats: 0,
		evidence: [],
		queryCodeHash: hashQueryCode(caseId, queryCode),
		version: 1,
		eventCount: 2,
	};
	const event: CaseEvent = {
		caseId,
		seq: 1,
		type: "registered",
		at: registeredAt,
		receivedAt,
		actorRole: input.actorRole,
		region: kase.region,
		channel: kase.channel,
		category: kase.category,
		stage: kase.stage,
	};
	// The first step (acceptance) is open from the same write, actionable at once.
	const first = openStep(kase, 1, Date.parse(registeredAt));
	if (!first) throw new Error("a new case has no first step");
	const opened: CaseEvent = { ...first.event, caseId, seq: 2 } as CaseEvent;
	const registered: Registered = {
		caseId,
		queryCode,
		status: kase.status,
		stage: kase.stage,
		dueAt: kase.dueAt as string,
	};
	await deps.store.create(
		kase,
		[event, opened],
		{ ...first.task, awaitingStart: true },
		[queryCodeSms(kase, queryCode)],
		key ? caseRecord(key, registered) : undefined,
	);
	try {
		await startWorkflow(deps.workflow, kase);
	} catch (err) {
		// The case is written and answered; its step stays marked, so the reconciler starts the execution.
		logger.warn("workflow start failed; left to the reconciler", { caseId, error: (err as Error).name });
	}
	return registered;
}
