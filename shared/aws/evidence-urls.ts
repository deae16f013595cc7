/**
 * Presigned evidence URLs without the S3 client: the request S3's GetObject or PutObject would send is
 * built here (virtual-hosted bucket, escaped key, the same query and signed headers) and signed by the
 * SDK's own S3 presigner (SigV4 query signing, `UNSIGNED-PAYLOAD`). The URLs are the ones `getSignedUrl`
 * makes with `requestChecksumCalculation: "WHEN_REQUIRED"` (test/unit/evidence-urls.test.ts compares
 * them), so the functions that only sign (tracking, case view, upload request) carry ~170 KB less.
 *
 * The SDK's default (`WHEN_SUPPORTED`) would also sign `x-amz-checksum-crc32=AAAAAA==` into the upload
 * URL: the CRC32 of the empty body it sees when signing, which S3 then checks against the uploaded
 * file and refuses. These URLs carry no checksum; the completion step checks size and type instead.
 */
import { formatUrl } from "@aws-sdk/core/util";
import { defaultProvider } from "@aws-sdk/credential-provider-node";
import { S3RequestPresigner } from "@aws-sdk/s3-request-presigner";
import { Sha256 } from "@smithy/core/checksum";
import { HttpRequest } from "@smithy/core/protocols";
import { requireEnv } from "#shared/aws/env.ts";
import { downloadTtlSeconds, type EvidenceStore, uploadTtlSeconds } from "#shared/evidence/store.ts";
import { nowMs } from "#shared/time.ts";

export type EvidenceUrls = Pick<EvidenceStore, "uploadUrl" | "downloadUrl">;

interface Credentials {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
}

export interface SigningOptions {
	/** Defaults to `AWS_REGION` (Lambda sets it). */
	region?: string;
	/** Defaults to the SDK's credential chain (in the bundles: the environment Lambda fills). */
	credentials?: Credentials | (() => Promise<Credentials>);
}

/** S3's host for a bucket, virtual-hosted style: `<bucket>.s3.<region>.amazonaws.com` (`.com.cn` in China). */
export function bucketHost(bucket: string, region: string): string {
	return `${bucket}.s3.${region}.${region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com"}`;
}

/** A key as S3 paths carry it: each segment percent-encoded (RFC 3986, as the SDK does), slashes kept. */
const keyPath = (key: string) =>
	`/${key
		.split("/")
		.map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
		.join("/")}`;

export function s3EvidenceUrls(bucket: string, options: SigningOptions = {}): EvidenceUrls {
	let signer: { region: string; presigner: S3RequestPresigner } | undefined;
	const presigner = () => {
		const region = options.region ?? requireEnv("AWS_REGION", "the evidence bucket's region");
		if (signer?.region !== region)
			signer = {
				region,
				presigner: new S3RequestPresigner({
					region,
					credentials: options.credentials ?? defaultProvider(),
					sha256: Sha256,
				}),
			};
		return signer;
	};
	const request = (method: "GET" | "PUT", key: string, query: Record<string, string>, headers = {}) => {
		const { region } = presigner();
		const hostname = bucketHost(bucket, region);
		return new HttpRequest({
			protocol: "https:",
			hostname,
			method,
			path: keyPath(key),
			query,
			headers: { ...headers, host: hostname },
		});
	};
	return {
		async uploadUrl(key, type, size) {
			const put = request(
				"PUT",
				key,
				{ "x-id": "PutObject" },
				{ "content-type": type, "content-length": String(size) },
			);
			const signed = await presigner().presigner.presign(put, {
				expiresIn: uploadTtlSeconds,
				signableHeaders: new Set(["content-type", "content-length"]),
				signingRegion: presigner().region,
				signingService: "s3",
			});
			return {
				method: "PUT",
				url: formatUrl(signed),
				headers: { "content-type": type },
				expiresAt: new Date(nowMs() + uploadTtlSeconds * 1000).toISOString(),
			};
		},
		async downloadUrl(key, fileName, type) {
			const get = request("GET", key, {
				"response-content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`,
				"response-content-type": type,
				"x-id": "GetObject",
			});
			const signed = await presigner().presigner.presign(get, {
				expiresIn: downloadTtlSeconds,
				signingRegion: presigner().region,
				signingService: "s3",
			});
			return formatUrl(signed);
		},
	};
}
