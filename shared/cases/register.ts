/** Registration (登记, R21–23): a new case in stage "acceptance" with its first event. */
import type { CaseStore } from "#shared/cases/store.ts";
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

/** Starts the case's workflow (name = case id), then writes the case with its first event. */
export async function registerCase(
	deps: { store: CaseStore; workflow: CaseWorkflow },
	input: RegistrationInput,
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
	// The execution first: if starting it fails, nothing has been written and the request can simply be
	// retried. If the case write then fails, the execution's first step finds no case and the execution
	// ends as failed — an execution without a case, never a case without its workflow.
	await deps.workflow.start(caseId, {
		next: "acceptance",
		timer: { seconds: timerSeconds(acceptanceDueAt(receivedMs), nowMs()) },
		seq: first.task.seq,
	});
	await deps.store.create(kase, [event, opened], first.task, [queryCodeSms(kase, queryCode)]);
	return { caseId, queryCode, status: kase.status, stage: kase.stage, dueAt: kase.dueAt as string };
}
