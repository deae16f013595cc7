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
export declare const SUBMIT_ATTEMPTS: number;
export declare function retryDelayMs(
	reply: { status: number; retryAfter?: string | null; body?: { error?: { code?: string } } },
	attempt: number,
	random?: () => number,
): number | undefined;
