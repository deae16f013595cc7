/**
 * The local home's evidence store: files under `<data-dir>/evidence/`, uploaded and downloaded through
 * the gateway's `/local/blobs/<key>` with URLs signed like presigned S3 URLs (HMAC-SHA256 over method,
 * key, type, size and expiry), so the pages use the same API in both homes.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { open, rm, stat } from "node:fs/promises";
import { resolve } from "node:path";
import { downloadTtlSeconds, type EvidenceStore, uploadTtlSeconds } from "#shared/evidence/store.ts";
import { nowMs } from "#shared/time.ts";

export interface SignedBlobRequest {
	method: "PUT" | "GET";
	key: string;
	type: string;
	size: number;
	expires: number;
	name?: string;
}

export function blobSignature(secret: string, r: SignedBlobRequest): string {
	return createHmac("sha256", secret)
		.update(JSON.stringify([r.method, r.key, r.type, r.size, r.expires, r.name ?? ""]))
		.digest("base64url");
}

export function signatureMatches(secret: string, r: SignedBlobRequest, sig: string): boolean {
	const want = Buffer.from(blobSignature(secret, r));
	const got = Buffer.from(sig);
	return want.length === got.length && timingSafeEqual(want, got);
}

/** The file of a key inside `root`; keys are generated (`evidence/<caseId>/<id>`), checked anyway. */
export function blobPath(root: string, key: string): string {
	if (!/^evidence\/XF\d{6}-\d{4}-[0-9A-Z]{8}\/[0-9a-z]{16,40}$/.test(key)) throw new Error("bad blob key");
	const path = resolve(root, key);
	if (!path.startsWith(resolve(root))) throw new Error("bad blob key");
	return path;
}

export function localEvidenceStore(root: string, baseUrl: string, secret: string): EvidenceStore {
	const signed = (r: SignedBlobRequest) => {
		const q = new URLSearchParams({
			type: r.type,
			size: String(r.size),
			expires: String(r.expires),
			...(r.name ? { name: r.name } : {}),
			sig: blobSignature(secret, r),
		});
		return `${baseUrl}/local/blobs/${r.key}?${q}`;
	};
	return {
		async uploadUrl(key, type, size) {
			const expires = Math.floor(nowMs() / 1000) + uploadTtlSeconds;
			return {
				method: "PUT",
				url: signed({ method: "PUT", key, type, size, expires }),
				headers: { "content-type": type },
				expiresAt: new Date(expires * 1000).toISOString(),
			};
		},
		async inspect(key, headBytes) {
			const path = blobPath(root, key);
			try {
				const { size } = await stat(path);
				const fh = await open(path, "r");
				try {
					const buf = Buffer.alloc(Math.min(headBytes, size));
					await fh.read(buf, 0, buf.length, 0);
					return { size, head: new Uint8Array(buf) };
				} finally {
					await fh.close();
				}
			} catch (err) {
				if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
				throw err;
			}
		},
		async downloadUrl(key, fileName, type) {
			const expires = Math.floor(nowMs() / 1000) + downloadTtlSeconds;
			return signed({ method: "GET", key, type, size: 0, expires, name: fileName });
		},
		async delete(key) {
			await rm(blobPath(root, key), { force: true });
		},
	};
}
