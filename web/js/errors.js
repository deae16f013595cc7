/** API errors (`{ error: { code, message, details } }`) turned into what the pages show. */

/**
 * Validation issues grouped by form field: `details.issues[].path` ("petitioner.idNumber") goes
 * through `fieldOf` to a field name; issues no field takes are returned under "" (shown at the top).
 */
export function issuesByField(body, fieldOf = (path) => path) {
	const out = {};
	const issues = body?.error?.details?.issues;
	if (!Array.isArray(issues)) return out;
	for (const issue of issues) {
		const field = fieldOf(String(issue?.path ?? "")) ?? "";
		const message = String(issue?.message ?? "填写有误");
		out[field] = [...(out[field] ?? []), message];
	}
	return out;
}

/** One Chinese sentence for a failed call: the server's message, or one chosen by status. */
export function describeError(status, body) {
	const error = body?.error;
	const retry = error?.details?.retryAfterSeconds;
	switch (status) {
		case 0:
			return "网络连接失败，请检查网络后重试（重复提交不会产生重复案件）";
		case 401:
			return "登录已失效，请重新登录";
		case 404:
			return error?.message ?? "未找到";
		case 429:
			return retry ? `查询过于频繁，请${formatWait(retry)}后再试` : "请求过于频繁，请稍后再试";
		default:
			if (error?.code === "VALIDATION_FAILED") return "填写的内容有误，请按标出的提示更正后再提交。";
			if (error?.message) return error.message;
			return status >= 500 ? "服务器暂时无法处理，请稍后再试" : `请求失败（HTTP ${status}）`;
	}
}

function formatWait(seconds) {
	return seconds >= 120 ? `${Math.ceil(seconds / 60)}分钟` : `${seconds}秒`;
}
