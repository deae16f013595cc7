/** The tracking page (查询): the stage timeline and the documents of the petitioner's view. */
import { closeReasonLabels, formatDate, label } from "./format.js";

const decisionKinds = ["acceptance_notice", "rejection_notice", "other_procedure_notice"];

const firstDoc = (view, kinds) => (view.documents ?? []).find((d) => kinds.includes(d.kind));

/** Which step of the timeline the case's stage is on. */
const currentStep = {
	acceptance: "acceptance",
	handling: "handling",
	review_window: "review",
	review: "review",
	rereview_window: "rereview",
	rereview: "rereview",
	closed: "closed",
};

/**
 * The timeline: `[{ key, label, state: "done" | "current" | "todo" | "skipped", date, note }]`.
 * 复查/复核 appear only for appeals (R31) or once the case has reached them.
 */
export function timeline(view) {
	const stage = view.stage;
	const decision = firstDoc(view, decisionKinds);
	const reply = firstDoc(view, ["reply"]);
	const review = firstDoc(view, ["review_decision"]);
	const rereview = firstDoc(view, ["rereview_decision"]);
	const reachedReview =
		["review_window", "review", "rereview_window", "rereview"].includes(stage) || review || rereview;
	const steps = [
		{ key: "registered", label: "登记", date: view.receivedAt },
		{ key: "acceptance", label: "受理", date: decision?.issuedAt },
		{ key: "handling", label: "办理答复", date: reply?.issuedAt ?? view.reply?.at },
	];
	if (view.category === "appeal" || reachedReview) {
		steps.push({ key: "review", label: "复查", date: review?.issuedAt });
		steps.push({ key: "rereview", label: "复核", date: rereview?.issuedAt });
	}
	steps.push({ key: "closed", label: "办结", date: undefined });

	const current = currentStep[stage] ?? "acceptance";
	const currentIndex = steps.findIndex((s) => s.key === current);
	return steps.map((s, i) => {
		let state;
		if (s.key === "closed") state = stage === "closed" ? "done" : "todo";
		else if (s.date) state = "done";
		else if (i === currentIndex) state = "current";
		else if (i < currentIndex) state = "skipped";
		else state = stage === "closed" ? "skipped" : "todo";
		let note = "";
		if (s.key === "closed" && stage === "closed") note = label(closeReasonLabels, view.closeReason);
		else if (state === "current" && stage === "review_window") note = "可申请复查";
		else if (state === "current" && stage === "rereview_window") note = "可申请复核";
		else if (state === "current") note = "办理中";
		return { key: s.key, label: s.label, state, date: s.date ? formatDate(s.date) : "", note };
	});
}

/** Documents oldest first, with the China-time date: `[{ title, date, text, doc }]` (`doc`: the view's record, for the printable notice). */
export function documentList(view) {
	return [...(view.documents ?? [])]
		.sort((a, b) => Date.parse(a.issuedAt) - Date.parse(b.issuedAt))
		.map((d) => ({ title: d.title, date: formatDate(d.issuedAt), text: d.text, doc: d }));
}

/** The case id as typed: trimmed and upper-case (ids are `XF431127-2025-…`). */
export function normaliseCaseId(value) {
	return String(value ?? "")
		.trim()
		.toUpperCase();
}
