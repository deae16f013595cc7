/** What each audience sees of a case. Personal identifiers are masked for the petitioner's view. */
import type { Case } from "#shared/domain/case.ts";
import { maskIdNumber, maskName, maskPhone } from "#shared/domain/identity.ts";
import type { Petitioner } from "#shared/domain/petition.ts";

export function maskPetitioner(p: Petitioner): Petitioner {
	return {
		name: maskName(p.name),
		idNumber: maskIdNumber(p.idNumber),
		phone: maskPhone(p.phone),
		...(p.address ? { address: p.address } : {}),
	};
}

/** The tracking view (GET /v1/petitions/{caseId}): stage, current due time, masked identity. */
export function petitionerView(kase: Case) {
	return {
		caseId: kase.caseId,
		title: kase.title,
		region: kase.region,
		channel: kase.channel,
		category: kase.category ?? null,
		receivedAt: kase.receivedAt,
		status: kase.status,
		stage: kase.stage,
		dueAt: kase.dueAt ?? null,
		petitioner: maskPetitioner(kase.petitioner),
	};
}
