export const actionLabels: Readonly<Record<string, string>>;
export function offeredActions(detail: { allowedActions?: unknown } | null | undefined): string[];
export function buildActionBody(
	type: string,
	values: Record<string, unknown>,
): Record<string, unknown> & { type: string };
export function queueQuery(filters: Record<string, unknown> | undefined, cursor?: string): string;
export function queueRow(item: Record<string, any>): { caseId: string; cells: string[]; overdue: boolean };
export const queueColumns: readonly string[];
export function eventRow(event: Record<string, any>): string[];
export function tokenClaims(token: string | null | undefined): Record<string, any> | undefined;
export function buildTokenBody(values: Record<string, unknown>): {
	user: string;
	role: string;
	region: string;
	unit?: string;
};
