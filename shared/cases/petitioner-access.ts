/**
 * The petitioner's key to a case: case id + query code. A wrong code answers exactly like a missing
 * case, takes the same time (constant-time compare, also against a dummy hash), and guessing is
 * limited per address and per case: every comparison first takes a unit from both sliding-window
 * limits, each with one conditional increment (shared/store/rate-limiter.ts), and a right code gives
 * them back — so at most `accessLimit.failures` wrong codes from one address are ever compared per
 * window, however many arrive at once (QueryCodeLocked beyond).
 */
import type { CaseStore } from "#shared/cases/store.ts";
import type { Case } from "#shared/domain/case.ts";
import { QueryCodeLocked, QueryCodeRejected } from "#shared/domain/errors.ts";
import { queryCodeMatches } from "#shared/domain/ids.ts";
import { admitAll, type RateLimiter } from "#shared/store/rate-limiter.ts";
import { nowMs } from "#shared/time.ts";

/** Wrong codes from one address (api.md: 20 in 10 minutes, then 429). */
export const accessLimit = { failures: 20, windowSeconds: 600 } as const;
/** Wrong codes on one case from any number of addresses. */
export const caseAccessLimit = { failures: 50, windowSeconds: 3600 } as const;

/**
 * `QUERY_CODE_ADDRESS_LIMIT=off` drops the per-address window (the per-case one stays): for a
 * simulation that drives thousands of petitioners from one address, where right codes looked up at
 * once would otherwise hold the address's units all together for a moment.
 */
const addressLimited = () => process.env.QUERY_CODE_ADDRESS_LIMIT !== "off";

const DUMMY_HASH = "0".repeat(64);

export interface PetitionerAccessDeps {
	store: CaseStore;
	limiter: RateLimiter;
}

export async function caseForPetitioner(
	deps: PetitionerAccessDeps,
	caseId: string,
	code: string,
	ip: string,
): Promise<Case> {
	const id = caseId.trim().toUpperCase();
	const admission = await admitAll(
		deps.limiter,
		[
			...(addressLimited()
				? [
						{
							key: `query-code#ip#${ip}`,
							limit: { max: accessLimit.failures, windowSeconds: accessLimit.windowSeconds },
						},
					]
				: []),
			{
				key: `query-code#case#${id}`,
				limit: { max: caseAccessLimit.failures, windowSeconds: caseAccessLimit.windowSeconds },
			},
		],
		nowMs(),
	);
	if (!admission.admitted) throw new QueryCodeLocked(admission.retryAfterSeconds);
	const kase = await deps.store.get(id);
	const ok = queryCodeMatches(kase?.caseId ?? id, code, kase?.queryCodeHash ?? DUMMY_HASH) && kase !== undefined;
	if (!ok) throw new QueryCodeRejected();
	await admission.refund();
	return kase;
}
