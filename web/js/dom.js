/** Small DOM helpers: elements are built with text nodes only (never innerHTML), so API text cannot inject markup. */

export function h(tag, attrs = {}, ...children) {
	const el = document.createElement(tag);
	for (const [k, v] of Object.entries(attrs ?? {})) {
		if (v === undefined || v === null || v === false) continue;
		if (k === "class") el.className = v;
		else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
		else el.setAttribute(k, v === true ? "" : String(v));
	}
	for (const c of children.flat()) {
		if (c === undefined || c === null || c === false) continue;
		el.append(c instanceof Node ? c : document.createTextNode(String(c)));
	}
	return el;
}

export function clear(el) {
	el.replaceChildren();
	return el;
}

/** `<option>`s for a select: `[{ value, label }]`, with an optional empty first choice. */
export function fillSelect(select, options, empty) {
	clear(select);
	if (empty !== undefined) select.append(h("option", { value: "" }, empty));
	for (const o of options) select.append(h("option", { value: o.value }, o.label));
}

/**
 * Shows messages next to each field (`#<field>-error`, linked by aria-describedby) and marks the
 * input invalid; messages for no field go to the form's summary. Returns the first invalid input.
 */
export function showFieldErrors(form, byField, summary) {
	let first;
	for (const el of form.querySelectorAll("[data-error-for]")) clear(el);
	for (const input of form.querySelectorAll("[aria-invalid]")) input.removeAttribute("aria-invalid");
	for (const [field, messages] of Object.entries(byField)) {
		const slot = field ? form.querySelector(`[data-error-for="${field}"]`) : null;
		const input = field ? form.elements.namedItem(field) : null;
		if (slot) {
			slot.textContent = messages.join("；");
			if (input && "setAttribute" in input) {
				input.setAttribute("aria-invalid", "true");
				first ??= input;
			}
		} else if (summary) {
			summary.append(h("p", {}, messages.join("；")));
		}
	}
	return first;
}

/** A form's values as a plain object of strings (checkboxes: "on" when ticked). */
export function formValues(form) {
	return Object.fromEntries(new FormData(form).entries());
}
