export const maxRepresentatives: number;
export function receivedAtFromLocal(value: unknown): string;
export function localInputValue(ms?: number): string;
export function buildRegistrationBody(
	values: Record<string, unknown>,
	representativeRows?: { name?: string; idNumber?: string; phone?: string }[],
): Record<string, any> & {
	channel: string;
	receivedAt: string;
	representatives?: { name: string; idNumber: string; phone?: string }[];
};
export function registrationFieldOf(path: string): string;
export function receiptLines(
	result: { caseId: string; queryCode: string; dueAt?: string },
	body: Record<string, any>,
): [string, string][];
