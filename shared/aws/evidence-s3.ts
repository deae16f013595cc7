/**
 * Evidence in S3: the bucket is private and encrypted (infra/constructs/evidence-bucket.ts); the
 * browser uploads and downloads with presigned URLs, so files never pass through a function.
 * The upload URL signs the content type and length, so S3 refuses another type or size.
 */
import {
	DeleteObjectCommand,
	GetObjectCommand,
	HeadObjectCommand,
	PutObjectCommand,
	S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { downloadTtlSeconds, type EvidenceStore, uploadTtlSeconds } from "#shared/evidence/store.ts";
import { nowMs } from "#shared/time.ts";

export function s3EvidenceStore(bucket: string, client = new S3Client({})): EvidenceStore {
	return {
		async uploadUrl(key, type, size) {
			const url = await getSignedUrl(
				client,
				new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: type, ContentLength: size }),
				{
					expiresIn: uploadTtlSeconds,
					signableHeaders: new Set(["content-type", "content-length"]),
				},
			);
			return {
				method: "PUT",
				url,
				headers: { "content-type": type },
				expiresAt: new Date(nowMs() + uploadTtlSeconds * 1000).toISOString(),
			};
		},
		async inspect(key, headBytes) {
			try {
				const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
				const part = await client.send(
					new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${headBytes - 1}` }),
				);
				const bytes = new Uint8Array(
					await (part.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
				);
				return { size: head.ContentLength ?? 0, head: bytes };
			} catch (err) {
				if ((err as { name?: string }).name === "NotFound" || (err as { name?: string }).name === "NoSuchKey")
					return undefined;
				throw err;
			}
		},
		downloadUrl(key, fileName, type) {
			return getSignedUrl(
				client,
				new GetObjectCommand({
					Bucket: bucket,
					Key: key,
					ResponseContentType: type,
					ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
				}),
				{ expiresIn: downloadTtlSeconds },
			);
		},
		async delete(key) {
			await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
		},
	};
}
