/**
 * The API's text limits, in characters as the server counts them (string length after trimming).
 * This file is the one definition: the server's schemas import it (shared/domain/limits.ts) and the
 * forms load it as it is, so the counter under a field and the server refuse at the same number.
 */
export const textLimits = Object.freeze({
	name: 50,
	address: 200,
	title: 100,
	content: 20_000, // 信访内容
	reason: 2_000, // 理由 (actions, 复查/复核 requests)
	text: 20_000, // 意见书正文
});

/** Characters as the server counts them: the trimmed string's length. */
export function countChars(value) {
	return typeof value === "string" ? value.trim().length : 0;
}

/** What the live counter under a field says, and whether the form must refuse. */
export function counterState(value, limit) {
	const count = countChars(value);
	const over = count > limit;
	return {
		count,
		limit,
		over,
		text: over
			? `已输入 ${count} 字，超出上限 ${limit} 字 ${count - limit} 字`
			: `已输入 ${count} 字，上限 ${limit} 字`,
		message: over ? `超出上限 ${limit} 字（多 ${count - limit} 字），请删减后再提交，内容不会被截断` : "",
	};
}
