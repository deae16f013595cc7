/** The staff token of the local home: from POST /local/token, kept in sessionStorage (gone with the tab). */
import { request } from "./api.js";
import { describeError, issuesByField } from "./errors.js";
import { clear, fillSelect, formValues, h, showFieldErrors } from "./dom.js";
import { roleLabels } from "./format.js";
import { staffRegions, unitsOf } from "./regions.js";
import { buildTokenBody, tokenClaims } from "./workbench-model.js";

const key = "xinfang.staffToken";

export function currentToken() {
	const token = sessionStorage.getItem(key);
	const claims = tokenClaims(token);
	if (!token || !claims || (claims.exp && claims.exp * 1000 < Date.now())) return undefined;
	return { token, claims };
}

export function signOut() {
	sessionStorage.removeItem(key);
}

/** The login form's fields, the same on every staff page (each page's form holds only its hint). */
function loginFields(user) {
	const field = (id, text, control, error) =>
		h(
			"div",
			{ class: "field", id: id === "login-unit" ? "login-unit-row" : undefined, hidden: id === "login-unit" },
			h("label", { for: id }, ...text),
			control,
			error ? h("p", { class: "error", "data-error-for": error }) : undefined,
		);
	return [
		h(
			"div",
			{ class: "grid" },
			field(
				"login-user",
				["用户名", h("span", { class: "req", "aria-hidden": "true" }, "*")],
				h("input", {
					type: "text",
					id: "login-user",
					name: "user",
					required: true,
					value: user,
					autocomplete: "username",
				}),
				"user",
			),
			field("login-role", ["角色"], h("select", { id: "login-role", name: "role" })),
			field("login-region", ["行政区划"], h("select", { id: "login-region", name: "region" }), "region"),
			field("login-unit", ["责任单位"], h("select", { id: "login-unit", name: "unit" }), "unit"),
		),
		h("div", { id: "login-error", class: "alert error-box", role: "alert", "aria-live": "assertive" }),
		h("div", { class: "actions" }, h("button", { type: "submit" }, "登录")),
	];
}

/**
 * Wires the login box (`#login-form`, `#login-status`) and calls `onChange(session | undefined)`
 * whenever someone signs in or out. `roles` limits the role select (the statistics need leader/admin).
 */
export function setupLogin({ roles = ["intake", "unit", "reviewer", "leader", "admin"], defaults = {}, onChange }) {
	const form = document.getElementById("login-form");
	form.append(...loginFields(defaults.user ?? "staff01"));
	const status = document.getElementById("login-status");
	const roleSelect = form.elements.namedItem("role");
	const regionSelect = form.elements.namedItem("region");
	const unitSelect = form.elements.namedItem("unit");
	const unitRow = document.getElementById("login-unit-row");

	fillSelect(
		roleSelect,
		roles.map((r) => ({ value: r, label: `${roleLabels[r]}（${r}）` })),
	);
	fillSelect(
		regionSelect,
		staffRegions.map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` })),
	);
	if (defaults.role) roleSelect.value = defaults.role;
	if (defaults.region) regionSelect.value = defaults.region;

	const syncUnits = () => {
		const isUnit = roleSelect.value === "unit";
		unitRow.hidden = !isUnit;
		unitSelect.required = isUnit;
		fillSelect(
			unitSelect,
			unitsOf(regionSelect.value).map((u) => ({ value: u.id, label: u.name })),
			isUnit && unitsOf(regionSelect.value).length === 0 ? "（请先选择一个县区）" : undefined,
		);
	};
	roleSelect.addEventListener("change", syncUnits);
	regionSelect.addEventListener("change", syncUnits);
	syncUnits();

	const logout = () => {
		signOut();
		render();
	};
	const render = () => {
		const signedIn = currentToken();
		// A token of a role this page does not serve (a unit on the statistics page) does not count here.
		const session = signedIn && roles.includes(signedIn.claims.role) ? signedIn : undefined;
		clear(status);
		if (signedIn && !session) {
			status.append(
				h(
					"span",
					{},
					`当前以${roleLabels[signedIn.claims.role] ?? signedIn.claims.role}身份登录，本页需以${roles.map((r) => roleLabels[r]).join("或")}身份登录。`,
				),
			);
		}
		if (session) {
			const c = session.claims;
			status.append(
				h(
					"span",
					{},
					`已登录：${c.sub ?? c.user ?? ""} · ${roleLabels[c.role] ?? c.role} · ${c.region}${c.unit ? ` · ${c.unit}` : ""}`,
				),
				" ",
				h("button", { type: "button", class: "link", onclick: logout }, "退出"),
			);
			form.hidden = true;
		} else {
			form.hidden = false;
		}
		onChange(session);
	};

	form.addEventListener("submit", async (e) => {
		e.preventDefault();
		const summary = document.getElementById("login-error");
		clear(summary);
		const r = await request("POST", "/local/token", { body: buildTokenBody(formValues(form)) });
		if (r.status === 200 && r.body?.token) {
			sessionStorage.setItem(key, r.body.token);
			render();
			return;
		}
		summary.append(h("p", {}, describeError(r.status, r.body)));
		showFieldErrors(form, issuesByField(r.body), summary);
	});
	render();
}
