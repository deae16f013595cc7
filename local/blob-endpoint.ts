/**
 * /local/blobs/<key> — the local twin of presigned S3 URLs for evidence files (local only): PUT stores
 * the body when the signature, expiry, content type and exact size match; GET serves the file with
 * the signed name as an attachment. Anything else is refused like S3 refuses it (403).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { evidenceLimits } from "#shared/domain/evidence.ts";
import { blobPath, signatureMatches } from "#shared/evidence/local-store.ts";
import { AppError, MethodNotAllowedError, NotFoundError } from "#shared/http/errors.ts";
import { nowMs } from "#shared/time.ts";
import type { LocalHandler } from "#local/gateway.ts";

const denied = (why: string) => new AppError(403, "SIGNATURE_DOES_NOT_MATCH", `上传或下载地址无效：${why}`);

export function blobEndpoint(root: string, secret: string): LocalHandler & { maxBodyBytes: number } {
	const handler: LocalHandler = async (req, res, body) => {
		const url = new URL(req.url ?? "/", "http://local");
		const key = decodeURIComponent(url.pathname.slice("/local/blobs/".length));
		const q = url.searchParams;
		const method = req.method === "PUT" ? "PUT" : req.method === "GET" ? "GET" : undefined;
		if (!method) throw new MethodNotAllowedError(["PUT", "GET"]);
		const signed = {
			method,
			key,
			type: q.get("type") ?? "",
			size: Number(q.get("size")),
			expires: Number(q.get("expires")),
			...(q.get("name") ? { name: q.get("name") as string } : {}),
		} as const;
		if (!signatureMatches(secret, signed, q.get("sig") ?? "")) throw denied("签名不符");
		if (signed.expires * 1000 < nowMs()) throw denied("已过期");
		let path: string;
		try {
			path = blobPath(root, key);
		} catch {
			throw denied("路径不符");
		}
		if (method === "PUT") {
			if (req.headers["content-type"] !== signed.type) throw denied("文件类型与申请时不符");
			if (body.length !== signed.size || body.length > evidenceLimits.bytes) throw denied("文件大小与申请时不符");
			await mkdir(dirname(path), { recursive: true });
			await writeFile(path, body);
			res.writeHead(200, { etag: `"${body.length}"` }).end();
			return;
		}
		const file = await readFile(path).catch(() => undefined);
		if (!file) throw new NotFoundError("文件不存在");
		res.writeHead(200, {
			"content-type": signed.type,
			"content-length": String(file.length),
			"content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(signed.name ?? "file")}`,
			"x-content-type-options": "nosniff",
			"cache-control": "private, no-store",
		});
		res.end(file);
	};
	return Object.assign(handler, { maxBodyBytes: evidenceLimits.bytes + 1 });
}
