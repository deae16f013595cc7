/** Shows a notice as a printable document in `#notice` (DOM glue for notice-model.js). */
import { clear, h } from "./dom.js";
import { noticeModel } from "./notice-model.js";

const section = () => document.getElementById("notice");

export function closeNotice() {
	const el = section();
	if (!el) return;
	el.hidden = true;
	document.body.classList.remove("notice-open");
}

/**
 * Renders the document, shows it, moves the focus to it. While it is open, printing prints it alone
 * (the print stylesheet hides everything else in `main`); 打印 calls the browser's print dialog, which
 * also saves a PDF.
 */
export function openNotice(doc, view, returnFocus) {
	const el = clear(section());
	const m = noticeModel(doc, view);
	el.append(
		h(
			"article",
			{ class: "notice-doc", "aria-labelledby": "notice-title" },
			h("p", { class: "notice-heading" }, m.heading),
			h("h3", { id: "notice-title", class: "notice-title" }, m.title),
			h("p", { class: "notice-number" }, m.number),
			h("p", { class: "notice-to" }, m.to),
			...m.paragraphs.map((p) => h("p", { class: "notice-body" }, p)),
			m.basis ? h("p", { class: "notice-basis" }, m.basis) : null,
			h("p", { class: "notice-sign" }, m.signature),
			h("p", { class: "notice-date" }, m.date),
		),
		h(
			"div",
			{ class: "actions center no-print" },
			h("button", { type: "button", onclick: () => window.print() }, "打印"),
			h(
				"button",
				{
					type: "button",
					class: "secondary",
					onclick: () => {
						closeNotice();
						returnFocus?.focus();
					},
				},
				"关闭",
			),
		),
	);
	el.hidden = false;
	document.body.classList.add("notice-open");
	el.focus();
}
