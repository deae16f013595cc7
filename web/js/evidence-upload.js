/** Uploads evidence files for a case: ask for an upload URL, PUT the file there, confirm (the server checks it). */
import { request } from "./api.js";
import { h } from "./dom.js";
import { describeError } from "./errors.js";
import { fileSize } from "./evidence-model.js";

/** Uploads each file in turn; returns `[{ name, ok, message }]`. */
export async function uploadEvidence(caseId, queryCode, files) {
	const results = [];
	const headers = { "x-query-code": queryCode };
	for (const file of files) {
		const asked = await request("POST", `/v1/petitions/${encodeURIComponent(caseId)}/evidence`, {
			body: { fileName: file.name, type: file.type, size: file.size },
			headers,
		});
		if (asked.status !== 201) {
			results.push({ name: file.name, ok: false, message: describeError(asked.status, asked.body) });
			continue;
		}
		let put;
		try {
			put = await fetch(asked.body.upload.url, { method: "PUT", headers: asked.body.upload.headers, body: file });
		} catch {
			put = { ok: false, status: 0 };
		}
		const done = await request(
			"POST",
			`/v1/petitions/${encodeURIComponent(caseId)}/evidence/${asked.body.evidenceId}/complete`,
			{ body: {}, headers },
		);
		results.push(
			done.status === 200
				? { name: done.body.name, ok: true, message: "已上传" }
				: {
						name: file.name,
						ok: false,
						message: put.ok ? describeError(done.status, done.body) : "上传失败，请稍后在查询页重试",
					},
		);
	}
	return results;
}

/** A list of stored evidence with download links (tracking view and staff view). */
export function evidenceList(items) {
	if (!items?.length) return h("p", { class: "hint" }, "无。");
	return h(
		"ul",
		{ class: "evidence" },
		items.map((e) =>
			h("li", {}, h("a", { href: e.url, download: e.name, rel: "noopener" }, e.name), ` （${fileSize(e.size)}）`),
		),
	);
}
