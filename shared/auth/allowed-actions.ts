/**
 * The staff actions a caller may take on a case right now: the actions the pending step takes
 * (actionsByTask) that the authorization table (policy.ts) grants the caller on this case. The API
 * enforces exactly these checks on POST /v1/cases/{id}/actions; GET /v1/cases/{id} returns the list
 * as `allowedActions`, so the workbench shows only what would be accepted.
 */
import { allowedOnCase } from "#shared/auth/policy.ts";
import { type ActionType, actionSchema, actionsByTask } from "#shared/domain/actions.ts";
import type { Case } from "#shared/domain/case.ts";
import type { Claims } from "#shared/http/claims.ts";

export function allowedActions(claims: Claims, kase: Pick<Case, "region" | "unit" | "stage" | "status" | "pendingTask">): ActionType[] {
	if (kase.status !== "open" || !kase.pendingTask) return [];
	return (actionsByTask[kase.pendingTask] as readonly string[]).filter(
		(type): type is ActionType => isStaffAction(type) && allowedOnCase(claims, `action:${type}`, kase),
	);
}

const staffActions = new Set<string>(actionSchema.options.map((o) => o.shape.type.value));
function isStaffAction(type: string): type is ActionType {
	return staffActions.has(type);
}
