/**
 * Free-text fields: what a person may type, as zod schemas. Control characters (NUL and the rest of C0,
 * DEL, C1) and the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can make a
 * stored text read differently from what it is, are refused with a 400 naming the field. Long texts keep
 * tab and line breaks.
 */
import * as z from "#shared/zod.ts";

const BIDI = "\\u202A-\\u202E\\u2066-\\u2069";
const SHORT_FORBIDDEN = new RegExp(`[\\u0000-\\u001F\\u007F-\\u009F${BIDI}]`);
const LONG_FORBIDDEN = new RegExp(`[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F${BIDI}]`);

const SHORT_MESSAGE = "不得包含控制字符、换行或双向文本控制符";
const LONG_MESSAGE = "不得包含控制字符或双向文本控制符（制表符和换行除外）";

/** True when `s` has a character a one-line field refuses. */
export const hasForbiddenShort = (s: string): boolean => SHORT_FORBIDDEN.test(s);
/** True when `s` has a character a long text refuses (tab, LF and CR are allowed). */
export const hasForbiddenLong = (s: string): boolean => LONG_FORBIDDEN.test(s);

/** A one-line field (a name, a title, an address): no control characters at all. */
export const lineText = (max: number, required?: string, tooLong?: string) =>
	z.string().check(
		z.trim(),
		z.minLength(1, required),
		z.maxLength(max, tooLong),
		z.refine((s) => !hasForbiddenShort(s), SHORT_MESSAGE),
	);

/** A long text (content, reasons, replies): tab and line breaks allowed, other controls refused. */
export const longText = (max: number, required?: string, tooLong?: string) =>
	z.string().check(
		z.trim(),
		z.minLength(1, required),
		z.maxLength(max, tooLong),
		z.refine((s) => !hasForbiddenLong(s), LONG_MESSAGE),
	);
