export function residentIdCheckChar(first17: string): string;
export function checkResidentId(value: string | null | undefined): { ok: boolean; empty?: boolean; message: string };
export function isValidMobile(value: string | null | undefined): boolean;
