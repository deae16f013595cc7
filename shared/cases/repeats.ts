/**
 * Repeat petitions (重复信访, R19 ¶3). A submission or registration by the same person (ID number)
 * on the same matter (same county; title/content alike by shared/domain/similarity.ts) while their
 * earlier case is open opens no new case: it is recorded on the original as a `repeat` event and its
 * count goes up. Staff may also link a case to an earlier one by hand, and undo such a link.
 */
import { type Registered, type RegistrationInput, registerCase } from "#shared/cases/register.ts";
import { type CaseStore, StaleCaseError, SubmissionKeyTaken } from "#shared/cases/store.ts";
import { answerOf, type RecordedAnswer, repeatRecord, type SubmissionKey } from "#shared/cases/submission-key.ts";
import type { CaseWorkflow } from "#shared/cases/workflow.ts";
import type { Case } from "#shared/domain/case.ts";
import { IdempotencyInProgress, StepAlreadyDone } from "#shared/domain/errors.ts";
import type { ActorRole, EventDraft } from "#shared/domain/events.ts";
import type { Channel, Petition } from "#shared/domain/petition.ts";
import { matterSimilarity, sameMatterThreshold } from "#shared/domain/similarity.ts";
import { RuleViolation } from "#shared/rules/lifecycle.ts";
import { nowIso } from "#shared/time.ts";

/** A repeat petition: no new case; recorded on the open original. */
export interface RecordedAsRepeat {
	repeatOf: string;
	/** The original's repeat count, this one included. */
	repeats: number;
}

/**
 * What POST /v1/petitions and POST /v1/cases do: register the petition — unless the same person has
 * an open case on the same matter; then that case records a `repeat` and no case is opened.
 * Two identical submissions racing each other can both open a case (no lock across cases); the
 * second is then linked by hand. An Idempotency-Key covers the double click: under a `key` the
 * answer's record is written with the case or the repeat (shared/cases/submission-key.ts), and a
 * submission made before under that key is answered from its record (`replayed`) — also when the
 * retry's own repeat check finds the case the first one opened.
 */
export async function registerUnlessRepeat(
	deps: { store: CaseStore; workflow: CaseWorkflow },
	input: RegistrationInput,
	key?: SubmissionKey,
): Promise<((Registered & { repeatOf?: undefined }) | RecordedAsRepeat | RecordedAnswer) & { replayed?: true }> {
	try {
		const match = await findOriginal(deps.store, input.petition);
		if (!match) return await registerCase(deps, input, key);
		const original = await recordRepeat(
			deps.store,
			match,
			{ channel: input.channel, actorRole: input.actorRole, ...(input.actor ? { actor: input.actor } : {}) },
			key,
		);
		return { repeatOf: original.caseId, repeats: original.repeats };
	} catch (err) {
		if (!(key && err instanceof SubmissionKeyTaken)) throw err;
		const previous = await previousSubmission(deps.store, key);
		// The record's condition failed but it cannot be read: it is expiring right now. Try again.
		if (!previous) throw new IdempotencyInProgress();
		return previous;
	}
}

/** The answer of a submission made before under `key` (422 if it was another request), or undefined. */
export async function previousSubmission(
	store: CaseStore,
	key: SubmissionKey,
): Promise<(RecordedAnswer & { replayed: true }) | undefined> {
	const record = await store.submission(key.id);
	return record ? { ...answerOf(key, record), replayed: true } : undefined;
}

export interface RepeatMatch {
	original: Case;
	similarity: number;
}

/** The person's open case on the same matter, if any: the most similar, the earliest on a tie. */
export async function findOriginal(
	store: CaseStore,
	petition: Pick<Petition, "petitioner" | "region" | "title" | "content">,
): Promise<RepeatMatch | undefined> {
	const cases = await store.casesOfPerson(petition.petitioner.idNumber);
	let best: RepeatMatch | undefined;
	for (const kase of cases) {
		if (kase.status !== "open" || kase.region !== petition.region || kase.repeatOf) continue;
		const s = matterSimilarity(petition, kase);
		if (s < sameMatterThreshold) continue;
		if (!best || s > best.similarity || (s === best.similarity && kase.receivedAt < best.original.receivedAt))
			best = { original: kase, similarity: s };
	}
	return best;
}

const eventBase = (kase: Case, actorRole: ActorRole, actor?: string) => ({
	at: nowIso(),
	actorRole,
	...(actor ? { actor } : {}),
	region: kase.region,
	channel: kase.channel,
	...(kase.category ? { category: kase.category } : {}),
	...(kase.route ? { route: kase.route } : {}),
	...(kase.unit ? { unit: kase.unit } : {}),
	stage: kase.stage,
});

/** Re-reads and retries when another writer changed the case in between (a repeat must not be lost). */
async function withFreshCase(store: CaseStore, caseId: string, write: (kase: Case) => Promise<Case>): Promise<Case> {
	for (let attempt = 1; ; attempt++) {
		const kase = await store.get(caseId);
		if (!kase) throw new StepAlreadyDone("原案件不存在");
		try {
			return await write(kase);
		} catch (err) {
			if (!(err instanceof StaleCaseError) || attempt >= 5) throw err;
		}
	}
}

/** Records an incoming repeat on the original: one `repeat` event, the count up by one. */
export function recordRepeat(
	store: CaseStore,
	match: RepeatMatch,
	input: { channel: Channel; actorRole: ActorRole; actor?: string },
	key?: SubmissionKey,
): Promise<Case> {
	return withFreshCase(store, match.original.caseId, (kase) =>
		store.commit({
			...(key ? { record: repeatRecord(key, { repeatOf: kase.caseId, repeats: kase.repeats + 1 }) } : {}),
			before: kase,
			after: { ...kase, repeats: kase.repeats + 1 },
			events: [
				{
					...eventBase(kase, input.actorRole, input.actor),
					type: "repeat",
					via: input.channel,
					similarity: Math.round(match.similarity * 100) / 100,
				} as EventDraft,
			],
		}),
	);
}

/**
 * Staff mark `kase` as a repeat of `original` by hand: both change in one transaction — `repeatOf`
 * and a `linked_as_repeat` event on the case, the count and a `repeat` event on the original.
 */
export async function linkRepeat(
	store: CaseStore,
	kase: Case,
	original: Case,
	actor: { role: ActorRole; id: string },
): Promise<Case> {
	if (original.caseId === kase.caseId)
		throw new RuleViolation("REPEAT_OF_ITSELF", "不能将案件关联为其自身的重复件", "original");
	if (kase.repeatOf) throw new RuleViolation("ALREADY_A_REPEAT", `该案件已关联为 ${kase.repeatOf} 的重复件`);
	if (original.repeatOf)
		throw new RuleViolation(
			"ORIGINAL_IS_A_REPEAT",
			`${original.caseId} 本身是重复件，请关联其原件 ${original.repeatOf}`,
			"original",
		);
	if (kase.status !== "open") throw new RuleViolation("CASE_CLOSED", "已办结的案件不能再关联");
	if (kase.repeats > 0) throw new RuleViolation("HAS_REPEATS", "该案件本身有重复件，不能再关联为其他案件的重复件");
	const [after] = await commitPair(store, kase, original, {
		kase: {
			after: { ...kase, repeatOf: original.caseId },
			event: {
				...eventBase(kase, actor.role, actor.id),
				type: "linked_as_repeat",
				repeatOf: original.caseId,
			} as EventDraft,
		},
		original: (o) => ({
			after: { ...o, repeats: o.repeats + 1 },
			event: {
				...eventBase(o, actor.role, actor.id),
				type: "repeat",
				via: kase.channel,
				repeatCaseId: kase.caseId,
			} as EventDraft,
		}),
	});
	return after as Case;
}

/** Undoes a link made by hand: `repeatOf` goes, the original's count goes down, an event on each. */
export async function unlinkRepeat(
	store: CaseStore,
	kase: Case,
	actor: { role: ActorRole; id: string },
): Promise<Case> {
	if (!kase.repeatOf) throw new RuleViolation("NOT_A_REPEAT", "该案件未关联为重复件");
	const original = await store.get(kase.repeatOf);
	if (!original) throw new RuleViolation("NOT_A_REPEAT", "原案件不存在");
	const { repeatOf: _gone, ...rest } = kase;
	const [after] = await commitPair(store, kase, original, {
		kase: {
			after: rest as Case,
			event: {
				...eventBase(kase, actor.role, actor.id),
				type: "unlinked_as_repeat",
				repeatOf: original.caseId,
			} as EventDraft,
		},
		original: (o) => ({
			after: { ...o, repeats: Math.max(0, o.repeats - 1) },
			event: {
				...eventBase(o, actor.role, actor.id),
				type: "repeat_unlinked",
				repeatCaseId: kase.caseId,
			} as EventDraft,
		}),
	});
	return after as Case;
}

async function commitPair(
	store: CaseStore,
	kase: Case,
	original: Case,
	change: { kase: { after: Case; event: EventDraft }; original: (o: Case) => { after: Case; event: EventDraft } },
): Promise<Case[]> {
	const o = change.original(original);
	try {
		return await store.commitAll([
			{ before: kase, after: change.kase.after, events: [change.kase.event] },
			{ before: original, after: o.after, events: [o.event] },
		]);
	} catch (err) {
		if (err instanceof StaleCaseError) throw new StepAlreadyDone();
		throw err;
	}
}

/**
 * POST /v1/cases/{id}/actions with `link_repeat` or `unlink_repeat`: the original must be a case the
 * caller may read (else the same refusal as a missing one, so ids cannot be probed).
 */
export async function applyRepeatAction(
	store: CaseStore,
	kase: Case,
	action: { type: "link_repeat"; original: string } | { type: "unlink_repeat" },
	caller: { role: ActorRole; id: string; mayRead: (c: Case) => boolean },
): Promise<Case> {
	if (action.type === "unlink_repeat") return unlinkRepeat(store, kase, caller);
	const original = await store.get(action.original);
	if (!original || !caller.mayRead(original))
		throw new RuleViolation("ORIGINAL_NOT_FOUND", "未找到原案件（须为本辖区的案件编号）", "original");
	return linkRepeat(store, kase, original, caller);
}
