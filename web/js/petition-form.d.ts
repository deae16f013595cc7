export const petitionFields: readonly string[];
export const contentHint: string;
export function buildPetitionBody(values: Record<string, unknown>): {
	petitioner: { name: string; idNumber: string; phone: string; address?: string };
	region: string;
	category?: string;
	title: string;
	content: string;
	persons?: number;
	public?: boolean;
};
export function fieldOfIssue(path: string): string;
export function newIdempotencyKey(cryptoImpl?: { randomUUID(): string }): string;
