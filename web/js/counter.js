/** The live character counter under a text field (DOM glue for limits.js). */
import { h } from "./dom.js";
import { counterState } from "./limits.js";

/**
 * Puts "已输入 N 字，上限 L 字" under `input` and keeps it current on every keystroke and paste. The
 * field has no maxlength: a pasted text is kept whole and the form refuses it while it is too long,
 * instead of the browser cutting it silently. Returns `check()` → the counter's state.
 */
export function attachCounter(input, limit) {
	input.removeAttribute("maxlength");
	const id = `${input.id}-count`;
	const out = h("p", { class: "hint counter", id });
	input.after(out);
	const described = (input.getAttribute("aria-describedby") ?? "").split(/\s+/).filter(Boolean);
	input.setAttribute("aria-describedby", [id, ...described].join(" "));
	// Not a live region: announcing every keystroke would drown a screen reader; the count is read
	// with the field (aria-describedby) and a refusal is announced by the form's alert.
	const update = () => {
		const s = counterState(input.value, limit);
		out.textContent = s.text;
		out.classList.toggle("over", s.over);
		if (s.over) input.setAttribute("aria-invalid", "true");
		return s;
	};
	input.addEventListener("input", update);
	update();
	return { check: update, limit };
}

/** The over-limit messages of a form's counters by field name, for showFieldErrors; empty when all fit. */
export function counterIssues(counters) {
	const out = {};
	for (const [field, counter] of Object.entries(counters)) {
		const s = counter.check();
		if (s.over) out[field] = [s.message];
	}
	return out;
}
