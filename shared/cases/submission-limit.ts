/**
 * Online submissions per address: `SUBMISSION_LIMITS` lists `max/seconds` windows, comma separated
 * (default `5/60,30/86400`: 5 a minute and 30 a day), or `off`. Only new submissions count: a retry
 * with the same Idempotency-Key is answered from its record without reaching the limit.
 */
import { SubmissionsLimited } from "#shared/domain/errors.ts";
import { type Admission, admitAll, type RateLimit, type RateLimiter } from "#shared/store/rate-limiter.ts";

export const DEFAULT_SUBMISSION_LIMITS = "5/60,30/86400";

export function submissionLimits(spec = process.env.SUBMISSION_LIMITS ?? DEFAULT_SUBMISSION_LIMITS): RateLimit[] {
	if (spec.trim() === "off") return [];
	return spec.split(",").map((part) => {
		const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(part);
		if (!m) throw new Error(`SUBMISSION_LIMITS: "${part}" is not max/seconds`);
		return { max: Number(m[1]), windowSeconds: Number(m[2]) };
	});
}

/** Takes one submission from every window of `ip`, or throws SubmissionsLimited with the wait. */
export async function admitSubmission(limiter: RateLimiter, ip: string, now: number): Promise<Admission | undefined> {
	const limits = submissionLimits();
	if (!limits.length) return undefined;
	const r = await admitAll(
		limiter,
		limits.map((limit) => ({ key: `submit#ip#${ip}#${limit.windowSeconds}`, limit })),
		now,
	);
	if (!r.admitted) throw new SubmissionsLimited(r.retryAfterSeconds);
	return r;
}
