export const rateCards: readonly (readonly [string, string])[];
export const countCards: readonly (readonly [string, string])[];
export function parentScope(region: string | undefined, cityCode?: string): string;
export function keyRates(stats: Record<string, any>, scope?: string): { metric: string; label: string; value: string; rank: string }[];
export function keyCounts(stats: Record<string, any>, scope?: string): { metric: string; label: string; value: string; share: string; yoy: string }[];
export function channelSplit(stats: Record<string, any>, scope?: string): { key: string; label: string; count: number; ofTotal: string; ratio: number; share: string }[];
export function statsQuery(values: Record<string, unknown>, options?: { withMonth?: boolean }): string;
export function periodLabel(period: string | null | undefined): string;
