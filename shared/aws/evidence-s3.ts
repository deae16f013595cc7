/**
 * Evidence in S3: the bucket is private and encrypted (infra/constructs/evidence-bucket.ts); the
 * browser uploads and downloads with presigned URLs (shared/aws/evidence-urls.ts), so files never pass
 * through a function. The upload URL signs the content type and length, so S3 refuses another type or
 * size. Checking and deleting an upload (the completion step) uses the S3 client.
 */
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { type SigningOptions, s3EvidenceUrls } from "#shared/aws/evidence-urls.ts";
import type { EvidenceStore } from "#shared/evidence/store.ts";

export function s3EvidenceStore(bucket: string, client = new S3Client({}), signing?: SigningOptions): EvidenceStore {
	return {
		...s3EvidenceUrls(bucket, signing),
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
		async delete(key) {
			await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
		},
	};
}
