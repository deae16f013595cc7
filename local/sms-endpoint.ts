/** GET /local/sms — the local admin page's list of sent text messages (local only, admin token). */
import { readSentSms } from "#shared/notify/file-sender.ts";
import { MethodNotAllowedError } from "#shared/http/errors.ts";
import type { RouteSpec } from "#shared/specs/routes.ts";
import { type Authorizer, type LocalHandler, sendJson } from "#local/gateway.ts";

const route: RouteSpec = {
	method: "GET",
	path: "/local/sms",
	function: "sendSms",
	auth: ["admin"],
	summary: "已发送短信（本地）",
};

export function smsEndpoint(file: string, authorize: Authorizer): LocalHandler {
	return async (req, res) => {
		if (req.method !== "GET") throw new MethodNotAllowedError(["GET"]);
		await authorize(route, req.headers.authorization);
		sendJson(res, 200, { file, items: await readSentSms(file) });
	};
}
