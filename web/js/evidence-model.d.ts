export const evidenceRules: Readonly<{ files: number; bytes: number; types: readonly string[] }>;
export function evidenceIssues(
	files: Iterable<{ name: string; type: string; size: number }> | null | undefined,
): string[];
export function fileSize(bytes: number): string;
