/**
 * The case lifecycle as pure functions: given a case, what happened and when, return the case after,
 * the events to record and what the workflow does next. Handlers and workflow functions apply them
 * with one transactional write; the state machine only dispatches on `next`.
 */
import type { Satisfaction, StepAction, TaskType } from "#shared/domain/actions.ts";
import type { Case, CaseDocument, Stage } from "#shared/domain/case.ts";
import { DomainError } from "#shared/domain/errors.ts";
import type { ActorRole, EventDraft } from "#shared/domain/events.ts";
import { findUnit } from "#shared/domain/regions.ts";
import { holderOf, PETITIONER } from "#shared/domain/jurisdiction.ts";
import type { StepResult } from "#shared/domain/step-result.ts";
import type { PendingTask } from "#shared/cases/store.ts";
import {
	acceptanceDueAt,
	dayNumber,
	deadlines,
	endOfDayAfter,
	endOfWorkingDaysAfter,
	followUp,
	timerSeconds,
} from "#shared/rules/deadlines.ts";
import { documentText } from "#shared/rules/documents.ts";

/** A rule refused the request; `code` is for clients, `message` (Chinese) for people. */
export class RuleViolation extends DomainError {
	constructor(
		code: string,
		message: string,
		/** Set when one field of the request is at fault (a 400 for that field rather than a 409). */
		field?: string,
	) {
		super("RuleViolation", code, message, undefined, field);
	}
}

export interface Transition {
	after: Case;
	events: EventDraft[];
	result: StepResult;
}

export interface Actor {
	role: ActorRole;
	id?: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The step of the workflow that waits in a given stage. */
export const taskOfStage: Partial<Record<Stage, TaskType>> = {
	acceptance: "acceptance",
	handling: "handling",
	review_window: "review_request",
	review: "review",
	rereview_window: "rereview_request",
	rereview: "rereview",
};

function event(
	kase: Case,
	type: EventDraft["type"],
	at: number,
	actor: Actor,
	extra: Partial<EventDraft> = {},
): EventDraft {
	return {
		type,
		at: iso(at),
		actorRole: actor.role,
		...(actor.id ? { actor: actor.id } : {}),
		region: kase.region,
		channel: kase.channel,
		...(kase.category ? { category: kase.category } : {}),
		...(kase.route ? { route: kase.route } : {}),
		...(kase.unit ? { unit: kase.unit } : {}),
		stage: kase.stage,
		...extra,
	};
}

function withDocument(kase: Case, kind: CaseDocument["kind"], at: number, detail: string): CaseDocument[] {
	const { title, text } = documentText(kind, kase, detail);
	return [...kase.documents, { kind, title, issuedAt: iso(at), text }];
}

/** The case moves to a stage whose step waits until `dueMs`. */
function waitFor(stage: Stage, dueMs: number, now: number): { after: Partial<Case>; result: StepResult } {
	const next = stage as StepResult["next"];
	return {
		after: { stage, status: "open", pendingTask: taskOfStage[stage], dueAt: iso(dueMs), overdue: false },
		result: { next, timer: { seconds: timerSeconds(dueMs, now) } },
	};
}

function close(reason: Case["closeReason"], now: number): Partial<Case> {
	return {
		stage: "closed",
		status: "closed",
		pendingTask: undefined,
		dueAt: undefined,
		overdue: false,
		closedAt: iso(now),
		closeReason: reason,
	};
}

const done: StepResult = { next: "done", timer: { seconds: 1 } };

/**
 * The step a case waits on after a change, as the same write records it: its type (from the stage),
 * who owes it (the petitioner for the request windows, else the case's holder), when it is due, and
 * its `task_opened` event. None when the case is closed.
 */
export function openStep(after: Case, seq: number, now: number): { task: PendingTask; event: EventDraft } | undefined {
	const type = after.status === "open" ? taskOfStage[after.stage] : undefined;
	if (!type) return undefined;
	const petitionerStep = type === "review_request" || type === "rereview_request";
	const task: PendingTask = {
		caseId: after.caseId,
		seq,
		type,
		status: "open",
		assignee: petitionerStep ? PETITIONER : holderOf(after),
		openedAt: iso(now),
		dueAt: after.dueAt ?? iso(now),
	};
	return { task, event: event(after, "task_opened", now, { role: "system" }, { taskType: type }) };
}

/** A staff action on the pending step (POST /v1/cases/{caseId}/actions). */
export function applyAction(kase: Case, action: StepAction, now: number, actor: Actor): Transition {
	const first = kase.decidedAt === undefined;
	switch (action.type) {
		case "accept": {
			const unit = findUnit(action.unit);
			if (!unit || unit.region !== kase.region)
				throw new RuleViolation("UNIT_NOT_IN_REGION", "责任单位须为问题属地的单位", "unit");
			const onTime = now <= acceptanceDueAt(Date.parse(kase.receivedAt));
			const handlingDue = endOfDayAfter(now, deadlines.handlingDays); // R34: 60 days from acceptance
			const step = waitFor("handling", handlingDue, now);
			const after: Case = {
				...kase,
				...step.after,
				category: action.category,
				unit: unit.id,
				route: "transfer",
				transfers: kase.transfers + 1,
				decidedAt: kase.decidedAt ?? iso(now),
				transferredAt: iso(now),
				handlingDueAt: iso(handlingDue),
				extended: false,
			};
			after.documents = withDocument(after, "acceptance_notice", now, unit.name);
			const extra = first ? { onTime, days: dayNumber(Date.parse(kase.receivedAt), now) } : { retransfer: true };
			return { after, events: [event(after, "accepted", now, actor, extra)], result: step.result };
		}
		case "reject":
		case "route_other_procedure": {
			const onTime = now <= acceptanceDueAt(Date.parse(kase.receivedAt));
			const otherProcedure = action.type === "route_other_procedure";
			const after: Case = {
				...kase,
				...close(otherProcedure ? "other_procedure" : "not_accepted", now),
				route: otherProcedure ? "other_procedure" : "not_accepted",
				...(otherProcedure
					? { procedure: action.procedure, category: "appeal", mediated: action.mediated ?? false }
					: {}),
				decidedAt: kase.decidedAt ?? iso(now),
			};
			after.documents = withDocument(
				after,
				otherProcedure ? "other_procedure_notice" : "rejection_notice",
				now,
				action.reason,
			);
			const decided = event(after, otherProcedure ? "routed_other_procedure" : "rejected", now, actor, {
				...(first ? { onTime, days: dayNumber(Date.parse(kase.receivedAt), now) } : {}),
				...(otherProcedure ? { procedure: action.procedure, mediated: action.mediated ?? false } : {}),
				reason: action.reason,
			});
			return {
				after,
				events: [decided, event(after, "closed", now, actor, { closeReason: after.closeReason })],
				result: done,
			};
		}
		case "return": {
			const since = Date.parse(kase.transferredAt ?? kase.decidedAt ?? kase.receivedAt);
			if (now > endOfWorkingDaysAfter(since, followUp.returnWorkingDays))
				throw new RuleViolation("RETURN_WINDOW_PASSED", "退回须在收到交办后5个工作日内提出，已超过期限，请依法办理");
			const step = waitFor("acceptance", endOfDayAfter(now, followUp.retransferDays), now);
			const returned = event(kase, "returned", now, actor, { reason: action.reason, days: dayNumber(since, now) });
			const after: Case = {
				...kase,
				...step.after,
				unit: undefined,
				returns: kase.returns + 1,
				handlingDueAt: undefined,
			};
			return { after, events: [returned], result: step.result };
		}
		case "extend": {
			if (kase.extended) throw new RuleViolation("ALREADY_EXTENDED", "办理期限只能延长一次");
			const due = Date.parse(kase.handlingDueAt ?? kase.dueAt ?? "");
			if (now > due) throw new RuleViolation("DEADLINE_PASSED", "办理期限已过，不能再申请延期");
			const newDue = endOfDayAfter(due, deadlines.extensionDays); // R34: at most 30 more days
			const step = waitFor("handling", newDue, now);
			const after: Case = { ...kase, ...step.after, overdue: kase.overdue, extended: true, handlingDueAt: iso(newDue) };
			after.documents = withDocument(after, "extension_notice", now, action.reason);
			return { after, events: [event(after, "extended", now, actor, { reason: action.reason })], result: step.result };
		}
		case "reply": {
			const onTime = now <= Date.parse(kase.handlingDueAt ?? kase.dueAt ?? "");
			const reply = { outcome: action.outcome, mediated: action.mediated, text: action.text, at: iso(now), onTime };
			const days = dayNumber(Date.parse(kase.transferredAt ?? kase.receivedAt), now);
			const evaluationUntil = iso(evaluationWindowEnd(now));
			// R29–31: only appeals (申诉求决类) go on to 复查/复核; others close with the reply.
			if (kase.category === "appeal") {
				const step = waitFor("review_window", endOfDayAfter(now, deadlines.reviewRequestDays), now);
				const after: Case = { ...kase, ...step.after, reply };
				after.documents = withDocument(after, "reply", now, action.text);
				const replied = event(after, "replied", now, actor, {
					onTime,
					days,
					mediated: action.mediated,
					outcome: action.outcome,
					evaluationUntil,
				});
				// The review window ends when the evaluation window does: its close records both (applyWindowExpiry);
				// a 复查 request starts the evaluation timer instead (applyReviewRequest).
				return { after, events: [replied], result: step.result };
			}
			const after: Case = { ...kase, ...close("replied", now), reply };
			after.documents = withDocument(after, "reply", now, action.text);
			const replied = event(after, "replied", now, actor, {
				onTime,
				days,
				mediated: action.mediated,
				outcome: action.outcome,
				evaluationUntil,
			});
			return {
				after,
				events: [replied, event(after, "closed", now, actor, { closeReason: "replied" })],
				result: { ...done, evaluation: { until: evaluationUntil } },
			};
		}
		case "review_decision": {
			const level = kase.stage === "review" ? kase.review : kase.rereview;
			if (!level) throw new RuleViolation("NO_REVIEW", "该案件没有待决定的复查或复核");
			const onTime = now <= endOfDayAfter(Date.parse(level.requestedAt), deadlines.reviewDecisionDays);
			const decision = { outcome: action.outcome, text: action.text, at: iso(now), onTime };
			if (kase.stage === "review") {
				const step = waitFor("rereview_window", endOfDayAfter(now, deadlines.rereviewRequestDays), now);
				const after: Case = { ...kase, ...step.after, review: { ...level, decision } };
				after.documents = withDocument(after, "review_decision", now, action.text);
				return {
					after,
					events: [event(kase, "review_decided", now, actor, { onTime, outcome: action.outcome })],
					result: step.result,
				};
			}
			// R36¶3: after 复核 the matter is closed (终结).
			const after: Case = { ...kase, ...close("final", now), rereview: { ...level, decision } };
			after.documents = withDocument(after, "rereview_decision", now, action.text);
			const decided = event(kase, "rereview_decided", now, actor, { onTime, outcome: action.outcome });
			return { after, events: [decided, event(after, "closed", now, actor, { closeReason: "final" })], result: done };
		}
	}
}

/** The petitioner asks for 复查 (R35) or 复核 (R36) inside the 30-day window. */
export function applyReviewRequest(kase: Case, reason: string, now: number): Transition {
	const petitioner: Actor = { role: "petitioner" };
	const windowEnd = Date.parse(kase.dueAt ?? "");
	if (kase.stage === "review_window" || kase.stage === "rereview_window") {
		if (now > windowEnd) throw new RuleViolation("WINDOW_CLOSED", "申请期限（30日）已过，不予受理");
		const review = kase.stage === "review_window";
		const step = waitFor(review ? "review" : "rereview", endOfDayAfter(now, deadlines.reviewDecisionDays), now);
		const request = { requestedAt: iso(now), reason };
		const after: Case = { ...kase, ...step.after, ...(review ? { review: request } : { rereview: request }) };
		// The reply's evaluation window outlives its review window's close by this request: its own timer ends it.
		const evaluation =
			review && kase.reply && !kase.evaluationClosedAt
				? { evaluation: { until: iso(evaluationWindowEnd(Date.parse(kase.reply.at))) } }
				: {};
		const requested = event(after, review ? "review_requested" : "rereview_requested", now, petitioner, { reason });
		return { after, events: [requested], result: { ...step.result, ...evaluation } };
	}
	if (kase.closeReason === "final")
		throw new RuleViolation("FINAL", "该事项已经复核终结，同一事实和理由不再受理（条例第三十六条）");
	if (kase.closeReason === "window_expired") throw new RuleViolation("WINDOW_CLOSED", "申请期限（30日）已过，不予受理");
	if (kase.category !== undefined && kase.category !== "appeal" && kase.reply)
		throw new RuleViolation("NOT_REVIEWABLE", "只有申诉求决类事项可以申请复查、复核");
	throw new RuleViolation("NOT_YET", "尚未出具处理意见或复查意见，暂不能申请");
}

/** A human step passed its deadline: overdue, a supervision notice (督办), a follow-up deadline. */
export function applySupervision(kase: Case, taskType: TaskType, now: number): Transition {
	// The follow-up counts from the day of the missed deadline, whenever the timer fired.
	const missed = Math.min(Date.parse(kase.dueAt ?? ""), now) || now;
	const followUpDue = endOfDayAfter(missed, followUp.supervisionDays);
	const after: Case = { ...kase, overdue: true, supervisions: kase.supervisions + 1, dueAt: iso(followUpDue) };
	return {
		after,
		events: [event(after, "overdue", now, { role: "system" }, { taskType })],
		result: { next: kase.stage as StepResult["next"], timer: { seconds: timerSeconds(followUpDue, now) } },
	};
}

/** The petitioner's window passed unused: the case closes. */
export function applyWindowExpiry(kase: Case, now: number): Transition {
	// The review window (30 days from the reply, R35) ends when the evaluation window does (30 days from the
	// reply): one write records both. (A re-review window comes after a 复查 request, which started the
	// evaluation timer.)
	const evaluationEnds = kase.stage === "review_window" && kase.reply !== undefined && !kase.evaluationClosedAt;
	const after: Case = {
		...kase,
		...close("window_expired", now),
		...(evaluationEnds ? { evaluationClosedAt: iso(now) } : {}),
	};
	const closed = event(after, "closed", now, { role: "system" }, { closeReason: "window_expired" });
	const events = evaluationEnds
		? [closed, event(after, "evaluation_window_closed", now, { role: "system" })]
		: [closed];
	return { after, events, result: done };
}

/** Satisfaction evaluation after a reply, within 30 days, once. */
export function applyEvaluation(kase: Case, satisfaction: Satisfaction, now: number): Omit<Transition, "result"> {
	if (!kase.reply) throw new RuleViolation("NOT_YET", "出具处理意见后方可评价");
	if (kase.evaluation) throw new RuleViolation("ALREADY_EVALUATED", "已评价，不能重复评价");
	if (kase.evaluationClosedAt || now >= evaluationWindowEnd(Date.parse(kase.reply.at)))
		throw new RuleViolation("WINDOW_CLOSED", "评价期限（出具处理意见后30日）已过");
	const after: Case = { ...kase, evaluation: { satisfaction, at: iso(now) } };
	return { after, events: [event(after, "evaluated", now, { role: "petitioner" }, { satisfaction })] };
}

/**
 * The evaluation window's end: the first millisecond after the 30th day following the reply (the
 * petitioner may evaluate until the end of that day). The workflow's evaluation timer waits until it.
 */
export function evaluationWindowEnd(repliedAtMs: number): number {
	return endOfDayAfter(repliedAtMs, followUp.evaluationDays) + 1;
}

/**
 * The evaluation timer fired: the window is over, evaluated or not. Records `evaluation_window_closed`
 * once (`evaluationClosedAt` on the case makes a repeated timer or a retried task write nothing).
 */
export function applyEvaluationWindowEnd(kase: Case, now: number): Omit<Transition, "result"> | undefined {
	if (!kase.reply || kase.evaluationClosedAt) return undefined;
	const after: Case = { ...kase, evaluationClosedAt: iso(now) };
	return { after, events: [event(after, "evaluation_window_closed", now, { role: "system" })] };
}
