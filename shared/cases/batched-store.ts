/**
 * The case store as the workflow's steps use it when many run at once in one process: a clock advance
 * on the local home fires hundreds of deadlines together, each a 督办 step (read the case, its step and
 * the step's outcome; write the supervision) followed by the task-opening step (attach the token).
 * Calls made in the same turn of the event loop go out together: the reads as one BatchGetItem (33
 * steps a request), the supervisions' writes as one transaction of up to 12 cases' changes, the tokens
 * as one transaction. Each call still gets its own answer: when a grouped transaction is cancelled (a
 * condition failed for one case, a conflict), every change in it is written again on its own, so a
 * stale case fails alone, as it would have. Nothing is grouped across cases that would not be written
 * the same way alone; a lone call (one Lambda invocation on AWS) goes out exactly as before. A token
 * for a step that a timer's outcome opened (seen written here) is written without marking that
 * outcome handed over: it never waited for a hand-over.
 * DynamoDB Local serves a grouped request for a fraction of what the same work costs call by call
 * (docs/performance.md).
 */
import type { CaseChange, CaseStore, StepState } from "#shared/cases/store.ts";
import type { Case } from "#shared/domain/case.ts";

/** Changes written in one grouped transaction: 12 supervisions are 48–72 items of DynamoDB's 100. */
export const GROUP_CHANGES = 12;
/** Tokens attached in one transaction (one or two items each). */
export const GROUP_TOKENS = 25;
/** Steps remembered as opened by a timer's outcome (see `afterTimer`). */
const REMEMBERED = 20_000;

interface Waiting<I, O> {
	input: I;
	resolve: (value: O) => void;
	reject: (err: unknown) => void;
}

/** Collects calls made in one turn of the event loop and hands them to `flush` together. */
function grouper<I, O>(flush: (batch: Waiting<I, O>[]) => Promise<void>): (input: I) => Promise<O> {
	let queue: Waiting<I, O>[] = [];
	return (input) =>
		new Promise<O>((resolve, reject) => {
			queue.push({ input, resolve, reject });
			if (queue.length > 1) return;
			setImmediate(() => {
				const batch = queue;
				queue = [];
				flush(batch).catch((err) => {
					for (const w of batch) w.reject(err);
				});
			});
		});
}

/** Splits into groups of at most `size` whose keys are all different (a transaction names an item once). */
function groupsOf<T>(items: readonly T[], size: number, key: (item: T) => string): T[][] {
	const groups: { keys: Set<string>; items: T[] }[] = [];
	for (const item of items) {
		const k = key(item);
		let g = groups.find((x) => x.items.length < size && !x.keys.has(k));
		if (!g) {
			g = { keys: new Set(), items: [] };
			groups.push(g);
		}
		g.keys.add(k);
		g.items.push(item);
	}
	return groups.map((g) => g.items);
}

function batched(store: CaseStore): CaseStore {
	const stepState = grouper<{ caseId: string; seq: number }, StepState>(async (batch) => {
		const states = await store.stepStates(batch.map((w) => w.input));
		batch.forEach((w, i) => {
			w.resolve(states[i] ?? {});
		});
	});

	/**
	 * Steps opened by a timer's outcome written here (case → step): their outcome was never pending, so
	 * attaching their token need not mark it handed over. Bounded: the oldest are forgotten first (then
	 * the token's write is the full one, as without this).
	 */
	const afterTimer = new Map<string, number>();
	const written = (change: CaseChange) => {
		const advance = change.task?.advance;
		if (advance?.outcome.by !== "timer" || advance.next.status !== "open") return;
		afterTimer.delete(change.before.caseId);
		afterTimer.set(change.before.caseId, advance.next.seq);
		if (afterTimer.size > REMEMBERED) afterTimer.delete(afterTimer.keys().next().value as string);
	};
	const committed = (w: Waiting<CaseChange, Case>, kase: Case) => {
		written(w.input);
		w.resolve(kase);
	};
	const alone = (w: Waiting<CaseChange, Case>) => store.commit(w.input).then((k) => committed(w, k), w.reject);

	const commit = grouper<CaseChange, Case>(async (batch) => {
		await Promise.all(
			groupsOf(batch, GROUP_CHANGES, (w) => w.input.before.caseId).map(async (group) => {
				if (group.length === 1) return alone(group[0]!);
				let cases: Case[];
				try {
					cases = await store.commitAll(group.map((w) => w.input));
				} catch {
					// One stale case (or a conflict) cancels the group: each change on its own, as if never grouped.
					await Promise.all(group.map(alone));
					return;
				}
				group.forEach((w, i) => {
					committed(w, cases[i]!);
				});
			}),
		);
	});

	const attach = grouper<{ caseId: string; seq: number; token: string }, boolean>(async (batch) => {
		await Promise.all(
			groupsOf(batch, GROUP_TOKENS, (w) => w.input.caseId).map(async (group) => {
				const answers = await store.attachTokens(
					group.map((w) => {
						const settled = afterTimer.get(w.input.caseId) === w.input.seq;
						if (settled) afterTimer.delete(w.input.caseId);
						return { ...w.input, ...(settled ? { previousSettled: true } : {}) };
					}),
				);
				group.forEach((w, i) => {
					w.resolve(answers[i] ?? false);
				});
			}),
		);
	});

	// Every other method as it is, bound to the store itself (its methods may call each other).
	const own = Object.fromEntries(
		Object.entries(store).map(([name, v]) => [name, typeof v === "function" ? v.bind(store) : v]),
	) as unknown as CaseStore;
	return {
		...own,
		stepState: (caseId, seq) => stepState({ caseId, seq }),
		commit: (change) => commit(change),
		attachToken: (caseId, seq, token) => attach({ caseId, seq, token }),
	};
}

const wrapped = new WeakMap<CaseStore, CaseStore>();

/** The batching view of `store` (one per store, so that all its callers share the groups). */
export function batchedCaseStore(store: CaseStore): CaseStore {
	let b = wrapped.get(store);
	if (!b) {
		b = batched(store);
		wrapped.set(store, b);
	}
	return b;
}
