/**
 * "The same matter" for repeat petitions (重复信访, R19 ¶3): how alike two petitions' texts are.
 *
 * Rule: both texts (title + content) are normalised — Unicode NFKC, lower case, every character that
 * is not a letter or digit (spaces, punctuation, the "请求/事实/理由" colons) dropped — and cut into
 * overlapping character pairs (bigrams; Chinese has no word spaces, and pairs catch reordered
 * phrases). Similarity is the Dice coefficient of the two bigram sets, 2·|A∩B| / (|A|+|B|), from 0
 * (nothing shared) to 1 (same pairs). The matter is the same when the similarity of the titles or of
 * the whole texts reaches `sameMatterThreshold`.
 */

/** Chosen so a re-typed or lightly reworded petition counts and another matter of the same person does not (test/unit/similarity.test.ts). */
export const sameMatterThreshold = 0.6;

export function normaliseText(s: string): string {
	return s
		.normalize("NFKC")
		.toLowerCase()
		.replace(/[^\p{L}\p{N}]/gu, "");
}

function bigrams(s: string): Set<string> {
	const chars = [...normaliseText(s)];
	const out = new Set<string>();
	if (chars.length === 1) out.add(chars[0] as string);
	for (let i = 0; i + 1 < chars.length; i++) out.add(`${chars[i]}${chars[i + 1]}`);
	return out;
}

/** Dice coefficient of the texts' bigram sets (0–1); two empty texts are 0. */
export function similarity(a: string, b: string): number {
	const x = bigrams(a);
	const y = bigrams(b);
	if (x.size === 0 || y.size === 0) return 0;
	let shared = 0;
	for (const g of x) if (y.has(g)) shared++;
	return (2 * shared) / (x.size + y.size);
}

export interface MatterText {
	title: string;
	content: string;
}

/** How alike two matters are: the larger of the titles' and the whole texts' similarity. */
export function matterSimilarity(a: MatterText, b: MatterText): number {
	return Math.max(similarity(a.title, b.title), similarity(`${a.title}${a.content}`, `${b.title}${b.content}`));
}

export function isSameMatter(a: MatterText, b: MatterText): boolean {
	return matterSimilarity(a, b) >= sameMatterThreshold;
}
