/** Calls the API on the host that served the page: JSON in, JSON (or text) out, never throws on 4xx. */

/**
 * For answers that may come back out of order: `begin()`, called as a request goes out, gives
 * `isLatest()`, true while no later request has begun and nothing was dropped since; `dropAll()` (a
 * change of user) makes every answer still on its way stale.
 */
export function latestOnly() {
	let n = 0;
	return {
		begin() {
			const mine = ++n;
			return () => mine === n;
		},
		dropAll() {
			n++;
		},
	};
}

/** `{ status, body, text, retryAfter }`; status 0 when the network failed. */
export async function request(method, path, { body, headers = {}, token } = {}) {
	const h = { accept: "application/json", ...headers };
	if (body !== undefined) h["content-type"] = "application/json";
	if (token) h.authorization = `Bearer ${token}`;
	let res;
	try {
		res = await fetch(path, { method, headers: h, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
	} catch {
		return { status: 0, body: undefined, text: "" };
	}
	const text = await res.text();
	let parsed;
	if ((res.headers.get("content-type") ?? "").includes("json") && text) {
		try {
			parsed = JSON.parse(text);
		} catch {
			parsed = undefined;
		}
	}
	return { status: res.status, body: parsed, text, retryAfter: res.headers.get("retry-after") ?? undefined };
}
