/**
 * Evidence (证据材料) a petitioner attaches: at most 5 files, PDF, JPEG or PNG, each at most 10 MB.
 * The stored name is for display only and never part of a storage key; the type is what the file's
 * first bytes say, not what the browser claimed.
 */
import * as z from "#shared/zod.ts";

export const evidenceLimits = { files: 5, bytes: 10 * 1024 * 1024 } as const;

export const evidenceTypes = { "application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png" } as const;
export const evidenceTypeSchema = z.enum(["application/pdf", "image/jpeg", "image/png"]);
export type EvidenceType = z.infer<typeof evidenceTypeSchema>;

export const evidenceSchema = z.object({
	id: z.string(),
	name: z.string(),
	type: evidenceTypeSchema,
	size: z.number().check(z.int()),
	status: z.enum(["pending", "stored"]),
	createdAt: z.string(),
	storedAt: z.optional(z.string()),
});
export type Evidence = z.infer<typeof evidenceSchema>;

/** The type the first bytes of a file show (magic numbers), or undefined for anything else. */
export function sniffType(head: Uint8Array): EvidenceType | undefined {
	const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
	if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "application/pdf"; // %PDF-
	if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
	if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
	return undefined;
}

/**
 * A display name from whatever the browser sent: the last path segment, without control, bidi or
 * path characters, at most 80 characters, ending in the extension of the declared type.
 */
export function displayName(raw: string, type: EvidenceType): string {
	const base = raw.split(/[\\/]/).pop() ?? "";
	const clean = base
		.normalize("NFKC")
		.replace(/[\p{Cc}\p{Cf}<>:"|?*]/gu, "")
		.trim();
	const ext = evidenceTypes[type];
	const stem = clean.replace(/\.[^.]*$/, "").slice(0, 80 - ext.length - 1) || "材料";
	return `${stem}.${ext}`;
}
