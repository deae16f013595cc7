/**
 * Where evidence files live: a private, encrypted S3 bucket on AWS (presigned PUT and GET URLs), a
 * directory in the data dir on one machine (the same API: signed URLs served by the local gateway).
 * Keys are `evidence/<caseId>/<evidenceId>`, never a name the petitioner chose.
 */
export interface UploadTicket {
	method: "PUT";
	url: string;
	/** Headers the upload must carry (the signature covers them). */
	headers: Record<string, string>;
	expiresAt: string;
}

export interface EvidenceStore {
	uploadUrl(key: string, type: string, size: number): Promise<UploadTicket>;
	/** The stored object's size and first bytes, or undefined when nothing was uploaded. */
	inspect(key: string, headBytes: number): Promise<{ size: number; head: Uint8Array } | undefined>;
	downloadUrl(key: string, fileName: string, type: string): Promise<string>;
	delete(key: string): Promise<void>;
}

export const evidenceKey = (caseId: string, evidenceId: string) => `evidence/${caseId}/${evidenceId}`;
export const uploadTtlSeconds = 900;
export const downloadTtlSeconds = 600;
