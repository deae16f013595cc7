/**
 * The staff actions a caller may take on a case right now: the actions the pending step takes
 * (actionsByTask) that the authorization table (policy.ts) grants the caller on this case, then the
 * case's own actions (linking or unlinking a repeat petition) where they apply. The API enforces
 * exactly these checks on POST /v1/cases/{id}/actions; GET /v1/cases/{id} returns the list as
 * `allowedActions`, so the workbench shows only what would be accepted.
 */
import { allowedOnCase } from "#shared/auth/policy.ts";
import { type ActionType, actionSchema, actionsByTask } from "#shared/domain/actions.ts";
import type { Case } from "#shared/domain/case.ts";
import type { Claims } from "#shared/http/claims.ts";

type CaseFacts = Pick<Case, "region" | "unit" | "stage" | "status" | "pendingTask"> &
	Partial<Pick<Case, "repeatOf" | "repeats">>;

export function allowedActions(claims: Claims, kase: CaseFacts): ActionType[] {
	const step =
		kase.status === "open" && kase.pendingTask
			? (actionsByTask[kase.pendingTask] as readonly string[]).filter(
					(type): type is ActionType =>
						staffActions.has(type) && allowedOnCase(claims, `action:${type as ActionType}`, kase),
				)
			: [];
	const own: ActionType[] = [];
	if (linkable(kase) && allowedOnCase(claims, "action:link_repeat", kase)) own.push("link_repeat");
	if (kase.repeatOf && allowedOnCase(claims, "action:unlink_repeat", kase)) own.push("unlink_repeat");
	return [...step, ...own];
}

/** An open case that is neither a repeat already nor an original with repeats of its own (no chains). */
export function linkable(kase: CaseFacts): boolean {
	return kase.status === "open" && !kase.repeatOf && !kase.repeats;
}

const staffActions = new Set<string>(actionSchema.def.options.flatMap((o) => o.shape.type.def.values));
