/**
 * From metric events to counter deltas: the one definition of every counter, pure (no I/O).
 * The aggregator (functions/stats/aggregate-events.ts) and the recount (shared/stats/recount.ts)
 * both fold a case's events through `step`, so the two cannot disagree.
 *
 * A few counters need a fact about the case's past that its event does not carry (was the handling
 * step already overdue? was 复查 asked for? when was the reply?). Those facts are kept per case in
 * `CaseFacts`, which the aggregator stores in the case's state item (with the events applied) and the recount rebuilds
 * from the events in order.
 */
import type { CaseEvent } from "#shared/domain/events.ts";

/** What each counter counts. A dimensioned counter is `<name>#<dimension>=<value>` (see `dim`). */
export const counterDefinitions = {
	received:
		"登记 received: every `registered` event, filed under the time of receipt (a letter's receivedAt); dimensions channel, category",
	decided:
		"受理环节决定 first acceptance decisions: `accepted` (not a retransfer), `rejected` and `routed_other_procedure` events that carry `onTime`",
	decidedOnTime: "of `decided`, those with onTime = true (decided within 15 days, R22)",
	accepted: "受理 first `accepted` events (not retransfers); dimension category",
	rejected: "不予受理 `rejected` events",
	appeals: "申诉求决类 first `accepted` events with category appeal",
	transferred: "转交 every `accepted` event, retransfers included (each hands the case to a unit); dimension unit",
	retransferred: "`accepted` events with retransfer = true (a transfer after a return)",
	transferReturned: "退回 `returned` events; dimension unit (the unit that returned it)",
	extended: "延期 `extended` events",
	replied: "答复 (办结) `replied` events; dimension outcome",
	repliedOnTime: "of `replied`, onTime = true (by the handling deadline, extended or not)",
	repliedMediated: "of `replied`, mediated = true (协议调解成功), any category",
	appealsMediated: "of `replied`, mediated = true and category appeal",
	handlingOverdue:
		"the first `overdue` event with taskType handling of a case (its handling deadline passed unreplied)",
	handlingOverdueOpen:
		"like handlingOverdue, filed under the overdue event's time, and taken back (−1, under that same time) when the case is replied: cases overdue and still unreplied",
	overdue: "督办 every `overdue` event (supervision notices, follow-ups included); dimension task",
	otherProcedure: "其他法定程序 `routed_other_procedure` events; dimension procedure",
	otherProcedureMediated: "of `otherProcedure`, mediated = true",
	reviews: "复查 `review_requested` events",
	reviewsDecided: "`review_decided` events; dimension outcome",
	reviewsDecidedOnTime: "of `reviewsDecided`, onTime = true (within 30 days, R35)",
	rereviews: "复核 `rereview_requested` events",
	rereviewsDecided: "`rereview_decided` events; dimension outcome",
	rereviewsDecidedOnTime: "of `rereviewsDecided`, onTime = true (within 30 days, R36)",
	resolvedFirstTime:
		"一次性化解 `closed` events with closeReason replied or window_expired of a case that had no `review_requested` and no repeat (重复信访), filed under the time of its reply; taken back if a repeat is linked later",
	repeats:
		"重复信访 `repeat` events (the same person on the same matter while the case was open, detected or linked by hand), filed under the repeat's time; −1 at `repeat_unlinked`, filed under the time of the repeat it undoes",
	evaluated: "参评 `evaluated` events, filed under the time of the reply they evaluate; dimension satisfaction",
	satisfied: "of `evaluated`, satisfaction satisfied or basically_satisfied (满意 + 基本满意)",
	closed: "结案 `closed` events; dimension reason",
	repliedPending:
		"replies whose review window (复查期限) is still open: +1 at `replied`, −1 when `review_requested` or `closed` ends it; filed under the reply's time (first-time resolution counts only the others)",
	evaluationPending:
		"replies whose evaluation window is still open and unevaluated: +1 at `replied`, −1 at `evaluated` or `evaluation_window_closed` (the workflow's evaluation timer), whichever comes first; filed under the reply's time (参评率 counts only the others). A reply recorded without `evaluationUntil` (before the timer existed) is settled by `closed`",
	open: "cases not closed, by stage (`open#stage=<stage>`): +1 on entering a stage, −1 on leaving it, filed under the time of receipt (a gauge: the sum over a year is that year's cases still open)",
} as const;

export type CounterName = keyof typeof counterDefinitions;

/** A dimensioned counter name, e.g. `received#channel=letter`. */
export const dim = (name: CounterName, dimension: string, value: string) => `${name}#${dimension}=${value}`;

/** One change of one counter, filed under the periods (year, month, CST) of `at`. */
export interface Delta {
	counter: string;
	at: string;
	n: number;
}

/** What the aggregator remembers of a case between its events. */
export interface CaseFacts {
	/** When the reply was given (later evaluations and first-time resolution are filed under it). */
	repliedAt?: string;
	/** When the handling step first went overdue. */
	overdueAt?: string;
	/** The case is overdue in handling and not yet replied. */
	overdueOpen?: boolean;
	/** 复查 was asked for. */
	reviewed?: boolean;
	/** When the matter was received (open-case gauges are filed under it). */
	receivedAt?: string;
	/** The stage the case is counted in by the `open` gauge. */
	stage?: string;
	/** The reply's review window is still open. */
	reviewPending?: boolean;
	/** The reply's evaluation is still unknown. */
	evaluationPending?: boolean;
	/** The reply has an evaluation timer (`evaluationUntil`): `evaluation_window_closed`, not `closed`, ends the question. */
	evaluationTimed?: boolean;
	/** Repeats on record (重复信访): the time of each, by the repeat's key (the linked case's id, or `auto#<seq>`). */
	repeats?: Record<string, string>;
	/** Closed after a reply without 复查: first-time resolution unless the matter has a repeat. */
	firstTimeEligible?: boolean;
	/** resolvedFirstTime is counted for this case. */
	firstTimeCounted?: boolean;
}

/** The stage a case is in after each event (task_opened and supervision do not move it). */
const stageAfter: Partial<Record<CaseEvent["type"], string>> = {
	registered: "acceptance",
	accepted: "handling",
	returned: "acceptance",
	replied: "review_window",
	review_requested: "review",
	review_decided: "rereview_window",
	rereview_requested: "rereview",
	closed: "closed",
};

export interface Step {
	deltas: Delta[];
	facts: CaseFacts;
	/** The facts differ from the ones passed in (the aggregator then writes them). */
	changed: boolean;
}

/** The counter deltas of one event, given what is known of the case so far. */
export function step(before: CaseFacts, e: CaseEvent): Step {
	const deltas: Delta[] = [];
	const facts: CaseFacts = { ...before };
	const add = (counter: string, n = 1, at = e.at) => deltas.push({ counter, at, n });
	const firstDecision = () => {
		// Only the first decision carries onTime; a decision after a return (退回) is not counted again.
		if (typeof e.onTime !== "boolean") return;
		add("decided");
		if (e.onTime) add("decidedOnTime");
	};

	// The reply's windows: each pending reply is taken back once, under the reply's time.
	const settleReview = () => {
		if (!facts.reviewPending || !facts.repliedAt) return;
		add("repliedPending", -1, facts.repliedAt);
		facts.reviewPending = false;
	};
	const settleEvaluation = () => {
		if (!facts.evaluationPending || !facts.repliedAt) return;
		add("evaluationPending", -1, facts.repliedAt);
		facts.evaluationPending = false;
	};

	// 一次性化解 holds for a matter closed after a reply, without 复查 and without a repeat; a repeat
	// linked or unlinked after the close moves it in or out (under the reply's time).
	const settleFirstTime = () => {
		const should = Boolean(facts.firstTimeEligible && facts.repliedAt && Object.keys(facts.repeats ?? {}).length === 0);
		if (should === Boolean(facts.firstTimeCounted) || !facts.repliedAt) return;
		add("resolvedFirstTime", should ? 1 : -1, facts.repliedAt);
		facts.firstTimeCounted = should;
	};

	switch (e.type) {
		case "registered": {
			const at = e.receivedAt ?? e.at;
			add("received", 1, at);
			add(dim("received", "channel", e.channel), 1, at);
			if (e.category) add(dim("received", "category", e.category), 1, at);
			facts.receivedAt = at;
			break;
		}
		case "accepted":
			add("transferred");
			if (e.unit) add(dim("transferred", "unit", e.unit));
			if (e.retransfer) {
				add("retransferred");
				break;
			}
			firstDecision();
			add("accepted");
			if (e.category) add(dim("accepted", "category", e.category));
			if (e.category === "appeal") add("appeals");
			break;
		case "rejected":
			firstDecision();
			add("rejected");
			break;
		case "routed_other_procedure":
			firstDecision();
			add("otherProcedure");
			if (e.procedure) add(dim("otherProcedure", "procedure", e.procedure));
			if (e.mediated) add("otherProcedureMediated");
			break;
		case "returned":
			add("transferReturned");
			if (e.unit) add(dim("transferReturned", "unit", e.unit));
			break;
		case "extended":
			add("extended");
			break;
		case "replied":
			add("replied");
			if (e.onTime) add("repliedOnTime");
			if (e.outcome) add(dim("replied", "outcome", e.outcome));
			if (e.mediated) add("repliedMediated");
			if (e.mediated && e.category === "appeal") add("appealsMediated");
			if (facts.overdueOpen && facts.overdueAt) {
				add("handlingOverdueOpen", -1, facts.overdueAt);
				facts.overdueOpen = false;
			}
			facts.repliedAt = e.at;
			add("repliedPending");
			add("evaluationPending");
			facts.reviewPending = true;
			facts.evaluationPending = true;
			if (e.evaluationUntil) facts.evaluationTimed = true;
			break;
		case "overdue":
			add("overdue");
			if (e.taskType) add(dim("overdue", "task", e.taskType));
			if (e.taskType === "handling" && !facts.overdueAt && !facts.repliedAt) {
				add("handlingOverdue");
				add("handlingOverdueOpen");
				facts.overdueAt = e.at;
				facts.overdueOpen = true;
			}
			break;
		case "review_requested":
			add("reviews");
			facts.reviewed = true;
			settleReview();
			break;
		case "rereview_requested":
			add("rereviews");
			break;
		case "review_decided":
		case "rereview_decided": {
			const name = e.type === "review_decided" ? "reviewsDecided" : "rereviewsDecided";
			add(name);
			if (e.onTime) add(`${name}OnTime`);
			if (e.outcome) add(dim(name, "outcome", e.outcome));
			break;
		}
		case "evaluated": {
			const at = facts.repliedAt ?? e.at;
			add("evaluated", 1, at);
			settleEvaluation();
			if (e.satisfaction) add(dim("evaluated", "satisfaction", e.satisfaction), 1, at);
			if (e.satisfaction === "satisfied" || e.satisfaction === "basically_satisfied") add("satisfied", 1, at);
			break;
		}
		case "closed":
			add("closed");
			if (e.closeReason) add(dim("closed", "reason", e.closeReason));
			if ((e.closeReason === "replied" || e.closeReason === "window_expired") && !facts.reviewed && facts.repliedAt)
				facts.firstTimeEligible = true;
			settleFirstTime();
			settleReview();
			if (!facts.evaluationTimed) settleEvaluation();
			break;
		case "evaluation_window_closed":
			settleEvaluation();
			break;
		case "repeat":
			add("repeats");
			facts.repeats = { ...facts.repeats, [e.repeatCaseId ?? `auto#${e.seq}`]: e.at };
			settleFirstTime();
			break;
		case "repeat_unlinked": {
			const at = e.repeatCaseId ? facts.repeats?.[e.repeatCaseId] : undefined;
			if (!at || !e.repeatCaseId) break;
			add("repeats", -1, at);
			const { [e.repeatCaseId]: _gone, ...rest } = facts.repeats ?? {};
			facts.repeats = rest;
			settleFirstTime();
			break;
		}
		case "task_opened":
			break;
	}
	const next = stageAfter[e.type];
	if (next && next !== facts.stage) {
		const at = facts.receivedAt ?? e.at;
		if (facts.stage && facts.stage !== "closed") add(dim("open", "stage", facts.stage), -1, at);
		if (next !== "closed") add(dim("open", "stage", next), 1, at);
		facts.stage = next;
	}
	const changed = JSON.stringify(facts) !== JSON.stringify(before);
	return { deltas, facts, changed };
}
