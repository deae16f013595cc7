/** The port through which use cases read and write cases; the DynamoDB adapter implements it. */
import * as z from "zod";
import { taskTypeSchema } from "#shared/domain/actions.ts";
import type { Case } from "#shared/domain/case.ts";
import type { SmsDraft } from "#shared/notify/sms.ts";
import type { CaseEvent, EventDraft } from "#shared/domain/events.ts";
import { type StepResult, stepResultSchema } from "#shared/domain/step-result.ts";

/** The pending human step of a case: its task token and deadline (one item per case). */
export const pendingTaskSchema = z.object({
	caseId: z.string(),
	type: taskTypeSchema,
	token: z.string(),
	status: z.enum(["open", "consumed", "timed_out"]),
	assignee: z.string(),
	openedAt: z.string(),
	dueAt: z.string(),
	/** Set when consumed: what was sent to the workflow. */
	result: stepResultSchema.optional(),
});
export type PendingTask = z.infer<typeof pendingTaskSchema>;

export type TaskChange =
	| { put: PendingTask }
	| { consume: { token: string; result: StepResult } }
	| { expire: { token: string } };

export interface CaseChange {
	/** The case as read; the write succeeds only if it is still this version. */
	before: Case;
	/** The case as it should be (version and event count are set by the store). */
	after: Case;
	events: EventDraft[];
	task?: TaskChange;
}

export interface CaseStore {
	/** Writes a new case, its first event and its outbox messages (the query code SMS) in one transaction; fails whole if the id exists. */
	create(kase: Case, event: CaseEvent, outbox?: SmsDraft[]): Promise<void>;
	get(caseId: string): Promise<Case | undefined>;
	events(caseId: string): Promise<CaseEvent[]>;
	task(caseId: string): Promise<PendingTask | undefined>;
	/**
	 * Case, events and task change in one transaction, with an SMS outbox item for every notice the
	 * change issues (a document `after` has that `before` had not). Throws StaleCaseError when the case moved on
	 * or the task is not (any longer) open under that token; nothing is written then.
	 */
	commit(change: CaseChange): Promise<Case>;
	/** Several cases' changes in one transaction (e.g. linking a repeat to its original); all or nothing. */
	commitAll(changes: CaseChange[]): Promise<Case[]>;
	/** Every case whose petitioner has this ID number (repeat petitions), any status. */
	casesOfPerson(idNumber: string): Promise<Case[]>;
}

export class StaleCaseError extends Error {
	constructor() {
		super("the case or its pending step changed meanwhile");
		this.name = "StaleCaseError";
	}
}
