/**
 * The evidence URLs signed without the S3 client (shared/aws/evidence-urls.ts) are the URLs the SDK's
 * getSignedUrl makes for the same GetObject and PutObject, byte for byte, with checksums only when
 * required (the SDK's default would sign the CRC32 of an empty body into the upload URL). Presigning
 * is local: nothing here calls AWS.
 */
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { bucketHost, s3EvidenceUrls } from "#shared/aws/evidence-urls.ts";
import { downloadTtlSeconds, uploadTtlSeconds } from "#shared/evidence/store.ts";

const credentials = {
	accessKeyId: "AKIDEXAMPLE",
	secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
	sessionToken: "session-token",
};
const bucket = "xinfang-prod-stateful-evidencebucket-1a2b3c4d5e6f";

describe("evidence URLs without the S3 client", () => {
	beforeEach(() => {
		vi.useFakeTimers();
		vi.setSystemTime(new Date("2026-11-30T08:00:00.000Z"));
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	for (const region of ["us-east-1", "eu-central-1", "cn-north-1", "cn-northwest-1"]) {
		const sdk = new S3Client({
			region,
			credentials,
			requestChecksumCalculation: "WHEN_REQUIRED",
			responseChecksumValidation: "WHEN_REQUIRED",
		});
		const urls = s3EvidenceUrls(bucket, { region, credentials });

		it(`signs the upload URL as getSignedUrl does (${region})`, async () => {
			for (const [key, type, size] of [
				["evidence/XF431100-2026-0A1B2C3D/0123456789abcdef01234567", "application/pdf", 1234],
				["evidence/with space/and(paren)*'!", "image/png", 10 * 1024 * 1024],
			] as const) {
				const expected = await getSignedUrl(
					sdk,
					new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: type, ContentLength: size }),
					{ expiresIn: uploadTtlSeconds, signableHeaders: new Set(["content-type", "content-length"]) },
				);
				const ticket = await urls.uploadUrl(key, type, size);
				expect(ticket.url).toBe(expected);
				expect(ticket).toMatchObject({ method: "PUT", headers: { "content-type": type } });
				expect(new URL(ticket.url).host).toBe(bucketHost(bucket, region));
				expect(ticket.url).not.toContain("checksum");
			}
		});

		it(`signs the download URL as getSignedUrl does (${region})`, async () => {
			const key = "evidence/XF431100-2026-0A1B2C3D/0123456789abcdef01234567";
			for (const name of ["材料 (1).pdf", "photo's #2.jpg"]) {
				const expected = await getSignedUrl(
					sdk,
					new GetObjectCommand({
						Bucket: bucket,
						Key: key,
						ResponseContentType: "application/pdf",
						ResponseContentDisposition: `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
					}),
					{ expiresIn: downloadTtlSeconds },
				);
				expect(await urls.downloadUrl(key, name, "application/pdf")).toBe(expected);
			}
		});
	}
});
