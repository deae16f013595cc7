/** Formatting for the pages: percentages, China-time dates and the Chinese labels of API codes. */

/** China Standard Time is UTC+8 all year (no DST); the pages' one copy of shared/time.ts's CST_OFFSET_MS. */
export const cstOffsetMs = 8 * 3600 * 1000;

const pad = (n) => String(n).padStart(2, "0");

function cstParts(iso) {
	const ms = typeof iso === "number" ? iso : Date.parse(iso);
	if (Number.isNaN(ms)) return undefined;
	const d = new Date(ms + cstOffsetMs);
	return {
		y: d.getUTCFullYear(),
		m: d.getUTCMonth() + 1,
		d: d.getUTCDate(),
		hh: d.getUTCHours(),
		mm: d.getUTCMinutes(),
	};
}

/** "2024-05-01" in China time; "—" for a missing or invalid time. */
export function formatDate(iso) {
	const p = iso == null ? undefined : cstParts(iso);
	return p ? `${p.y}-${pad(p.m)}-${pad(p.d)}` : "—";
}

/** "2024-05-01 08:30" in China time. */
export function formatDateTime(iso) {
	const p = iso == null ? undefined : cstParts(iso);
	return p ? `${p.y}-${pad(p.m)}-${pad(p.d)} ${pad(p.hh)}:${pad(p.mm)}` : "—";
}

/** The current year and month in China time (defaults of the statistics form). */
export function cstYearMonth(nowMs = Date.now()) {
	const p = cstParts(nowMs);
	return { year: p.y, month: p.m };
}

/** A ratio in [0, 1] as "99.5%"; null (no denominator) as "—". */
export function formatPercent(ratio, digits = 1) {
	if (ratio == null || !Number.isFinite(ratio)) return "—";
	return `${(ratio * 100).toFixed(digits)}%`;
}

/** A change as "+3.2%" / "−2.4%" / "0.0%"; null as "—". */
export function formatChange(ratio, digits = 1) {
	if (ratio == null || !Number.isFinite(ratio)) return "—";
	const text = (Math.abs(ratio) * 100).toFixed(digits);
	if (Number(text) === 0) return `${text}%`;
	return `${ratio > 0 ? "+" : "−"}${text}%`;
}

export const stageLabels = {
	acceptance: "待受理",
	handling: "办理中",
	review_window: "已答复（可申请复查）",
	review: "复查中",
	rereview_window: "已复查（可申请复核）",
	rereview: "复核中",
	closed: "已办结",
};
export const statusLabels = { open: "办理中", closed: "已办结" };
export const categoryLabels = { suggestion: "建议意见类", complaint: "检举控告类", appeal: "申诉求决类" };
export const channelLabels = { letter: "来信", visit: "来访", online: "网信" };
export const closeReasonLabels = {
	not_accepted: "不予受理",
	other_procedure: "转入其他法定程序",
	replied: "已答复办结",
	window_expired: "期满未申请复查/复核，办结",
	final: "复核终结",
};
export const replyOutcomeLabels = { resolved: "支持", partly: "部分支持 / 解释说明", unresolved: "不予支持" };
export const reviewOutcomeLabels = { upheld: "维持", changed: "变更" };
export const satisfactionLabels = { satisfied: "满意", basically_satisfied: "基本满意", dissatisfied: "不满意" };
export const procedureLabels = {
	litigation: "诉讼",
	arbitration: "仲裁",
	reconsideration: "行政复议",
	other: "其他法定程序",
};
export const roleLabels = {
	intake: "信访部门",
	unit: "责任单位",
	reviewer: "复查/复核机关",
	leader: "领导",
	admin: "管理员",
	petitioner: "信访人",
	system: "系统",
};
export const taskLabels = {
	acceptance: "受理",
	handling: "办理",
	review_request: "等待申请复查",
	review: "复查",
	rereview_request: "等待申请复核",
	rereview: "复核",
};
export const eventLabels = {
	registered: "登记",
	task_opened: "待办开启",
	accepted: "受理并转送/交办",
	rejected: "不予受理",
	routed_other_procedure: "转入其他法定程序",
	returned: "退回",
	extended: "延期",
	replied: "答复",
	overdue: "逾期督办",
	review_requested: "申请复查",
	review_decided: "复查决定",
	rereview_requested: "申请复核",
	rereview_decided: "复核决定",
	evaluated: "满意度评价",
	closed: "办结",
	repeat: "重复信访",
	repeat_unlinked: "取消重复件关联",
	linked_as_repeat: "关联为重复件",
	unlinked_as_repeat: "取消重复件关联",
};

/** The Chinese label of a code, or the code itself when the map does not know it. */
export function label(map, code) {
	if (code == null || code === "") return "—";
	return Object.hasOwn(map, code) ? map[code] : String(code);
}
