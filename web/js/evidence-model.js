/** Evidence files (证据材料) in the browser: what the form checks before anything is sent. The server checks again (sniffed type, exact size). */

export const evidenceRules = Object.freeze({
	files: 5,
	bytes: 10 * 1024 * 1024,
	types: ["application/pdf", "image/jpeg", "image/png"],
});

/** The refusals for a list of `{ name, type, size }` (a FileList works); empty when all may be sent. */
export function evidenceIssues(files) {
	const list = [...(files ?? [])];
	const out = [];
	if (list.length > evidenceRules.files)
		out.push(`最多上传 ${evidenceRules.files} 个证据材料（已选 ${list.length} 个）`);
	for (const f of list) {
		if (!evidenceRules.types.includes(f.type)) out.push(`“${f.name}”不是 PDF、JPEG 或 PNG 文件`);
		else if (f.size > evidenceRules.bytes) out.push(`“${f.name}”超过 10 MB`);
		else if (f.size === 0) out.push(`“${f.name}”是空文件`);
	}
	return out;
}

/** "2.1 MB" / "830 KB". */
export function fileSize(bytes) {
	return bytes >= 1024 * 1024
		? `${(bytes / 1024 / 1024).toFixed(1)} MB`
		: `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
