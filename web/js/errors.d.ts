export function issuesByField(body: unknown, fieldOf?: (path: string) => string | undefined): Record<string, string[]>;
export function describeError(status: number, body: unknown): string;
