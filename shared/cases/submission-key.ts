/**
 * Idempotent submissions (header `Idempotency-Key`, 24 h). The record of what a submission answered is
 * written in the same transaction as the case (or the repeat) it created, conditional on its id being
 * new: a retry finds either that record — and answers the same, query code included — or nothing
 * written at all. A second request under a key already used finds the record through the failed
 * condition, so nothing is read on the way of a first submission.
 *
 * The query code is not kept in clear: each character is shifted by a keystream derived from the
 * client's own Idempotency-Key and the case id (HMAC-SHA-256), so the record gives it back only to a
 * caller presenting that key, which is exactly the retry it is kept for. The record's id holds the
 * key's SHA-256, never the key.
 */
import { createHash, createHmac } from "node:crypto";
import type { SubmissionRecord } from "#shared/cases/store.ts";
import { IdempotencyKeyReused } from "#shared/domain/errors.ts";

export const SUBMISSION_RECORD_HOURS = 24;

/** Crockford base32, the alphabet of query codes (shared/domain/ids.ts). */
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export interface SubmissionKey {
	/** The record's id: the operation and the SHA-256 of the client's key. */
	id: string;
	/** SHA-256 of the request the key stands for: the same key with another request is refused. */
	payloadHash: string;
	/** The client's key itself (seals and unseals the query code; never stored). */
	secret: string;
}

export function submissionKey(scope: string, key: string, payload: unknown): SubmissionKey {
	return { id: `${scope}#${sha256(key)}`, payloadHash: sha256(JSON.stringify(payload)), secret: key };
}

function keystream(secret: string, caseId: string, n: number): Buffer {
	return createHmac("sha256", secret).update(`query-code:${caseId}`).digest().subarray(0, n);
}

export function sealQueryCode(secret: string, caseId: string, code: string): string {
	const ks = keystream(secret, caseId, code.length);
	return [...code].map((c, i) => alphabet[(alphabet.indexOf(c) + (ks[i] as number)) % 32]).join("");
}

export function unsealQueryCode(secret: string, caseId: string, sealed: string): string {
	const ks = keystream(secret, caseId, sealed.length);
	return [...sealed].map((c, i) => alphabet[(alphabet.indexOf(c) + 32 * 8 - (ks[i] as number)) % 32]).join("");
}

const expiration = () => Math.ceil(Date.now() / 1000) + SUBMISSION_RECORD_HOURS * 3600;

/** The record of a submission that opened a case. */
export function caseRecord(
	key: SubmissionKey,
	r: { caseId: string; queryCode: string; status: "open" | "closed"; stage: string; dueAt: string },
): SubmissionRecord {
	return {
		id: key.id,
		payloadHash: key.payloadHash,
		expiration: expiration(),
		caseId: r.caseId,
		sealedCode: sealQueryCode(key.secret, r.caseId, r.queryCode),
		status: r.status,
		stage: r.stage,
		dueAt: r.dueAt,
	};
}

/** The record of a submission recorded as a repeat of an open case. */
export function repeatRecord(key: SubmissionKey, r: { repeatOf: string; repeats: number }): SubmissionRecord {
	return { id: key.id, payloadHash: key.payloadHash, expiration: expiration(), ...r };
}

export type RecordedAnswer =
	| {
			caseId: string;
			queryCode: string;
			status: "open" | "closed";
			stage: string;
			dueAt: string;
			repeatOf?: undefined;
	  }
	| { repeatOf: string; repeats: number };

/** What the first submission answered, for a retry under the same key; another request under it → 422. */
export function answerOf(key: SubmissionKey, record: SubmissionRecord): RecordedAnswer {
	if (record.payloadHash !== key.payloadHash) throw new IdempotencyKeyReused();
	if (record.repeatOf !== undefined) return { repeatOf: record.repeatOf, repeats: record.repeats ?? 1 };
	const caseId = record.caseId as string;
	return {
		caseId,
		queryCode: unsealQueryCode(key.secret, caseId, record.sealedCode ?? ""),
		status: record.status ?? "open",
		stage: record.stage ?? "acceptance",
		dueAt: record.dueAt ?? "",
	};
}
