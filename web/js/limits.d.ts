export const textLimits: Readonly<{
	name: number;
	address: number;
	title: number;
	content: number;
	reason: number;
	text: number;
}>;
export function countChars(value: unknown): number;
export function counterState(
	value: unknown,
	limit: number,
): { count: number; limit: number; over: boolean; text: string; message: string };
