/** The port through which use cases read and write cases; the DynamoDB adapter implements it. */
import * as z from "#shared/zod.ts";
import { taskTypeSchema } from "#shared/domain/actions.ts";
import type { Case } from "#shared/domain/case.ts";
import type { SmsDraft } from "#shared/notify/sms.ts";
import type { CaseEvent, EventDraft } from "#shared/domain/events.ts";
import { stepResultSchema } from "#shared/domain/step-result.ts";

/**
 * The pending human step of a case (one item per case). Steps are numbered: the write that completes
 * step n opens step n + 1 at once, so the next action never waits for the workflow; the workflow's
 * task token is attached to the step by number when its state is entered (`token`, maybe later).
 */
export const pendingTaskSchema = z.object({
	caseId: z.string(),
	seq: z._default(z.number().check(z.int(), z.gte(0)), 0),
	type: taskTypeSchema,
	token: z.optional(z.string()),
	status: z.enum(["open", "consumed", "timed_out"]),
	assignee: z.string(),
	openedAt: z.string(),
	dueAt: z.string(),
	/** Records written before steps were numbered: what was sent to the workflow. */
	result: z.optional(stepResultSchema),
	/**
	 * The case's execution may not have been started yet: registration writes the case first and starts
	 * the execution after. Cleared when the workflow attaches a token (or the reconciler has started
	 * it); kept on the next step when a person decides this one before any token came.
	 */
	awaitingStart: z.optional(z.boolean()),
});
export type PendingTask = z.infer<typeof pendingTaskSchema>;

/**
 * How step `seq` ended and what the workflow must be told. Written in the same transaction as the
 * decision; `pending` until the workflow has it (a person decided: handed over with SendTaskSuccess by
 * the request, by the task-opening step when the token came later, or by the reconciler). A timer's
 * outcome goes back to the workflow as the timer step's own result and is never pending.
 */
export const stepOutcomeSchema = z.object({
	caseId: z.string(),
	seq: z.number().check(z.int(), z.gte(0)),
	result: stepResultSchema,
	at: z.string(),
	by: z.enum(["person", "timer"]),
	/** The token of the step's workflow state, once known. */
	token: z.optional(z.string()),
	pending: z.boolean(),
});
export type StepOutcome = z.infer<typeof stepOutcomeSchema>;

/**
 * Step `seq` ends with `outcome` and `next` replaces it in the same write (the next step, open; or the
 * ended step itself when the case is done). `token`: the token the writer saw on the step — the write
 * fails if another was attached meanwhile (null: none was); omitted, the token is not checked.
 */
export interface StepAdvance {
	seq: number;
	token?: string | null;
	outcome: StepOutcome;
	next: PendingTask;
}

export type TaskChange = { advance: StepAdvance };

/**
 * What a submission under an `Idempotency-Key` answered, kept 24 h (`expiration`, epoch seconds) and
 * written in the same transaction as the case or the repeat it records: a retry finds it, or finds
 * nothing written at all. The query code is kept only sealed with the client's key
 * (shared/cases/submission-key.ts), so the record alone does not give it away.
 */
export const submissionRecordSchema = z.object({
	id: z.string(),
	payloadHash: z.string(),
	expiration: z.number(),
	caseId: z.optional(z.string()),
	sealedCode: z.optional(z.string()),
	status: z.optional(z.enum(["open", "closed"])),
	stage: z.optional(z.string()),
	dueAt: z.optional(z.string()),
	repeatOf: z.optional(z.string()),
	repeats: z.optional(z.number()),
});
export type SubmissionRecord = z.infer<typeof submissionRecordSchema>;

export interface CaseChange {
	/** The case as read; the write succeeds only if it is still this version. */
	before: Case;
	/** The case as it should be (version and event count are set by the store). */
	after: Case;
	events: EventDraft[];
	task?: TaskChange;
	/** The submission's idempotency record, written only if its id is new (else SubmissionKeyTaken). */
	record?: SubmissionRecord;
}

/** What a timer's step reads: the case, its step item, and the outcome of the step the timer belongs to. */
export interface StepState {
	kase?: Case;
	task?: PendingTask;
	outcome?: StepOutcome;
}

export interface CaseStore {
	/**
	 * Writes a new case, its first events, its first step and its outbox messages (the query code SMS) in
	 * one transaction — with the submission's idempotency record when there is one (SubmissionKeyTaken
	 * when its id exists); fails whole if the id exists.
	 */
	create(
		kase: Case,
		events: CaseEvent[],
		task: PendingTask,
		outbox?: SmsDraft[],
		record?: SubmissionRecord,
	): Promise<void>;
	/** The idempotency record of a submission, if one was written (and has not expired). */
	submission(id: string): Promise<SubmissionRecord | undefined>;
	get(caseId: string): Promise<Case | undefined>;
	/** The case and its pending step in one read. */
	getWithTask(caseId: string): Promise<{ kase?: Case; task?: PendingTask }>;
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
	/**
	 * Attaches the workflow's token to step `seq` if it is still open (one conditional write, clearing
	 * `awaitingStart`); false when it is not open under that number or does not exist. The workflow
	 * being at step `seq` means it has the outcome of step `seq - 1`: that is marked handed over in the
	 * same write.
	 */
	attachToken(caseId: string, seq: number, token: string): Promise<boolean>;
	/**
	 * Cases whose step is still `awaitingStart` (their execution may never have been started), marked
	 * before `writtenBefore` (epoch ms, real time), oldest first.
	 */
	awaitingStart(limit: number, writtenBefore: number): Promise<string[]>;
	/** The case's execution exists: its step no longer waits for a start. */
	startConfirmed(caseId: string): Promise<void>;
	outcome(caseId: string, seq: number): Promise<StepOutcome | undefined>;
	/** The case, its step item and step `seq`'s outcome, read together (one request): what a timer's step needs. */
	stepState(caseId: string, seq: number): Promise<StepState>;
	/** stepState of many steps (of different cases) in as few requests as DynamoDB allows (33 a request). */
	stepStates(steps: readonly { caseId: string; seq: number }[]): Promise<StepState[]>;
	/**
	 * attachToken for many steps of different cases in one transaction; when it is cancelled (a step
	 * not open, a conflict), each is tried alone. The answers in the same order. `previousSettled`: the
	 * outcome of step `seq - 1` is known never to have been pending (a timer's, written by this
	 * process): the token alone is written.
	 */
	attachTokens(
		steps: readonly { caseId: string; seq: number; token: string; previousSettled?: boolean }[],
	): Promise<boolean[]>;
	/** Records the token an outcome is to be handed to (the step's workflow state came after the decision). */
	setOutcomeToken(caseId: string, seq: number, token: string): Promise<void>;
	/** The workflow has the outcome. */
	outcomeHandedOver(caseId: string, seq: number): Promise<void>;
	/** Outcomes not yet handed to the workflow, oldest first. */
	pendingOutcomes(limit: number): Promise<StepOutcome[]>;
}

/** A submission's idempotency record already exists: the submission was made before (or is being made). */
export class SubmissionKeyTaken extends Error {
	constructor() {
		super("a submission under this idempotency key was already written");
		this.name = "SubmissionKeyTaken";
	}
}

export class StaleCaseError extends Error {
	constructor() {
		super("the case or its pending step changed meanwhile");
		this.name = "StaleCaseError";
	}
}
