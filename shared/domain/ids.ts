/** Case numbers and query codes (查询码). */
import { createHash, randomInt, timingSafeEqual } from "node:crypto";
import { cstDate } from "#shared/time.ts";

/** Crockford base32: no I, L, O, U — easy to read aloud and type. */
const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

function randomChars(n: number): string {
	let s = "";
	for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
	return s;
}

/** `XF431127-2026-7K3M9Q2P`: region of the matter, year of receipt (CST), 40 random bits. */
export function newCaseId(region: string, receivedAtMs: number): string {
	return `XF${region}-${cstDate(receivedAtMs).year}-${randomChars(8)}`;
}

export function regionOfCaseId(caseId: string): string {
	return caseId.slice(2, 8);
}

/** 10 characters of Crockford base32 = 50 bits; only its hash is stored. */
export function newQueryCode(): string {
	return randomChars(10);
}

export function hashQueryCode(caseId: string, code: string): string {
	return createHash("sha256").update(`${caseId}:${code.trim().toUpperCase()}`).digest("hex");
}

/** Constant-time comparison of a presented code with the stored hash. */
export function queryCodeMatches(caseId: string, code: string, storedHash: string): boolean {
	const a = Buffer.from(hashQueryCode(caseId, code), "hex");
	const b = Buffer.from(storedHash, "hex");
	return a.length === b.length && timingSafeEqual(a, b);
}
