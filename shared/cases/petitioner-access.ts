/**
 * The petitioner's key to a case: case id + query code. A wrong code answers exactly like a missing
 * case, takes the same time (constant-time compare, also against a dummy hash), and repeated failures
 * from one address are refused for a while (QueryCodeLocked).
 */
import type { CaseStore } from "#shared/cases/store.ts";
import type { Case } from "#shared/domain/case.ts";
import { QueryCodeLocked, QueryCodeRejected } from "#shared/domain/errors.ts";
import { queryCodeMatches } from "#shared/domain/ids.ts";
import type { AccessFailures } from "#shared/store/access-failures.ts";
import { nowMs } from "#shared/time.ts";

export const accessLimit = { failures: 20, windowSeconds: 600 } as const;

const DUMMY_HASH = "0".repeat(64);

export interface PetitionerAccessDeps {
	store: CaseStore;
	failures: AccessFailures;
}

export async function caseForPetitioner(deps: PetitionerAccessDeps, caseId: string, code: string, ip: string): Promise<Case> {
	const now = nowMs();
	if ((await deps.failures.count(ip, now)) >= accessLimit.failures) throw new QueryCodeLocked(accessLimit.windowSeconds);
	const kase = await deps.store.get(caseId.trim().toUpperCase());
	const ok = queryCodeMatches(kase?.caseId ?? caseId, code, kase?.queryCodeHash ?? DUMMY_HASH) && kase !== undefined;
	if (!ok) {
		await deps.failures.record(ip, now, accessLimit.failures);
		throw new QueryCodeRejected();
	}
	return kase;
}
