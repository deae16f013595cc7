/** The `Idempotency-Key` header: what a client may send. */
import * as z from "#shared/zod.ts";

export const idempotencyKeySchema = z
	.string()
	.check(
		z.trim(),
		z.minLength(8, "Idempotency-Key 至少 8 个字符"),
		z.maxLength(128, "Idempotency-Key 至多 128 个字符"),
		z.regex(/^[\x21-\x7e]+$/, "Idempotency-Key 只能包含可见 ASCII 字符"),
	);
