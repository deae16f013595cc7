/** The staff workbench (工作台): queue query and rows, the actions a pending step takes, their bodies. */
import { channelLabels, eventLabels, formatDateTime, label, roleLabels, stageLabels, taskLabels } from "./format.js";
import { regionName, unitName } from "./regions.js";

export const actionLabels = {
	accept: "受理并转送/交办",
	reject: "不予受理",
	route_other_procedure: "转入其他法定程序",
	return: "退回（非本单位职责）",
	extend: "延期（30日，限一次）",
	reply: "答复（处理意见书）",
	review_decision: "复查/复核决定",
	link_repeat: "关联为重复信访件",
	unlink_repeat: "取消重复件关联",
};

/**
 * The action forms to show: the server's `allowedActions` of GET /v1/cases/{id} (the pending step's
 * actions that the authorization table grants the signed-in user on this case), in its order, limited
 * to the actions this page has a form for. Nothing else is offered, so no form ends in a 403.
 */
export function offeredActions(detail) {
	const allowed = Array.isArray(detail?.allowedActions) ? detail.allowedActions : [];
	return allowed.filter((type) => Object.hasOwn(actionLabels, type));
}

const text = (v) => (typeof v === "string" ? v.trim() : "");
const yes = (v) => v === true || v === "true" || v === "on" || v === "yes";

/** The POST /v1/cases/{id}/actions body for an action from its form's values (strings). */
export function buildActionBody(type, values) {
	switch (type) {
		case "accept":
			return { type, category: text(values.category), unit: text(values.unit) };
		case "reject":
		case "return":
		case "extend":
			return { type, reason: text(values.reason) };
		case "route_other_procedure":
			return {
				type,
				procedure: text(values.procedure),
				reason: text(values.reason),
				...(yes(values.mediated) ? { mediated: true } : {}),
			};
		case "reply":
			return { type, outcome: text(values.outcome), mediated: yes(values.mediated), text: text(values.text) };
		case "review_decision":
			return { type, outcome: text(values.outcome), text: text(values.text) };
		case "link_repeat":
			return { type, original: text(values.original).toUpperCase() };
		case "unlink_repeat":
			return { type };
		default:
			throw new Error(`unknown action ${type}`);
	}
}

/** `?status=…&stage=…&overdue=true&cursor=…` for GET /v1/cases; empty filters are left out. */
export function queueQuery(filters, cursor) {
	const params = new URLSearchParams();
	for (const key of ["status", "stage", "unit", "region", "year"]) {
		const v = text(filters?.[key]);
		if (v) params.set(key, v);
	}
	if (yes(filters?.overdue)) params.set("overdue", "true");
	if (cursor) params.set("cursor", cursor);
	const q = params.toString();
	return q ? `?${q}` : "";
}

/** One queue row as the cells the table shows. */
export function queueRow(item) {
	return {
		caseId: item.caseId,
		cells: [
			item.caseId,
			item.title,
			regionName(item.region),
			label(channelLabels, item.channel),
			label(stageLabels, item.stage),
			item.unit ? unitName(item.unit) : "—",
			formatDateTime(item.dueAt),
			item.overdue ? "逾期" : "",
			item.petitioner?.name ?? "—",
		],
		overdue: Boolean(item.overdue),
	};
}

export const queueColumns = ["案件编号", "标题", "问题属地", "渠道", "环节", "责任单位", "办理期限", "逾期", "信访人"];

/** One event of the case history: time, what happened, who, and the facts worth a glance. */
export function eventRow(event) {
	const facts = [];
	if (event.taskType) facts.push(label(taskLabels, event.taskType));
	if (event.unit && event.type !== "task_opened") facts.push(unitName(event.unit));
	if (event.onTime === true) facts.push("按期");
	if (event.onTime === false) facts.push("超期");
	if (event.reason) facts.push(`理由：${event.reason}`);
	if (event.type === "repeat")
		facts.push(
			event.repeatCaseId
				? `重复件 ${event.repeatCaseId}（人工关联）`
				: `经${label(channelLabels, event.via)}再次提出，相似度 ${Math.round((event.similarity ?? 0) * 100)}%`,
		);
	if (event.type === "repeat_unlinked") facts.push(`重复件 ${event.repeatCaseId}`);
	if (event.repeatOf) facts.push(`原件 ${event.repeatOf}`);
	return [
		formatDateTime(event.at),
		label(eventLabels, event.type),
		`${label(roleLabels, event.actorRole)}${event.actor ? ` ${event.actor}` : ""}`,
		facts.join("；"),
	];
}

/** The claims of a JWT (payload only; the server verifies it), or undefined when it is not one. */
export function tokenClaims(token) {
	const part = String(token ?? "").split(".")[1];
	if (!part) return undefined;
	try {
		const b64 = part
			.replace(/-/g, "+")
			.replace(/_/g, "/")
			.padEnd(Math.ceil(part.length / 4) * 4, "=");
		const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
		return JSON.parse(new TextDecoder().decode(bytes));
	} catch {
		return undefined;
	}
}

/** The POST /local/token body from the login form. */
export function buildTokenBody(values) {
	const role = text(values.role);
	const unit = text(values.unit);
	return { user: text(values.user), role, region: text(values.region), ...(role === "unit" && unit ? { unit } : {}) };
}
