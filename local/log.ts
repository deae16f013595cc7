/**
 * How the local runtime reports its own failures: the error's name and where it happened, never its
 * message or payload (those can carry a petitioner's data). `LOG_LEVEL=DEBUG` adds the full error.
 */
import { logger } from "#shared/observability.ts";

export function logLocalError(where: string, err: unknown): void {
	const name = err instanceof Error ? err.name : typeof err;
	if (process.env.LOG_LEVEL === "DEBUG") logger.error(`${where} failed`, { errorName: name, error: err as Error });
	else logger.error(`${where} failed`, { errorName: name });
}
