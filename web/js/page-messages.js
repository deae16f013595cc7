/** 短信: the local home's list of sent text messages (GET /local/sms, admin only). */
import { latestOnly, request } from "./api.js";
import { clear, h } from "./dom.js";
import { describeError } from "./errors.js";
import { formatDateTime } from "./format.js";
import { setupLogin } from "./session.js";

const section = document.getElementById("messages");
const body = document.getElementById("messages-body");
const status = document.getElementById("messages-status");
const error = document.getElementById("messages-error");
let session;

/** The list shows the answer to the latest load, and nothing once its user has signed out. */
const loads = latestOnly();

async function load() {
	const isLatest = loads.begin();
	clear(error);
	const r = await request("GET", "/local/sms", { token: session?.token });
	if (!isLatest()) return;
	clear(body);
	if (r.status !== 200) {
		error.textContent = describeError(r.status, r.body);
		status.textContent = "";
		return;
	}
	for (const m of r.body.items)
		body.append(
			h("tr", {}, h("td", {}, formatDateTime(m.at)), h("td", {}, m.to), h("td", {}, m.text), h("td", {}, m.messageId)),
		);
	status.textContent = r.body.items.length ? `共 ${r.body.items.length} 条（最新在前）` : "还没有发送过短信。";
}

document.getElementById("refresh").addEventListener("click", load);
setupLogin({
	roles: ["admin"],
	defaults: { user: "admin01", role: "admin", region: "431100" },
	onChange: (s) => {
		session = s;
		// The next user sees nothing of the previous one's list, even one still loading.
		loads.dropAll();
		clear(body);
		clear(error);
		status.textContent = "";
		section.hidden = !s;
		if (s) return load();
	},
});
