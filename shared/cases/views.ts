/** What each audience sees of a case: the petitioner's tracking view and the staff views by role. */
import type { Case } from "#shared/domain/case.ts";
import type { CaseSummary } from "#shared/store/case-queries.ts";
import { maskIdNumber, maskName, maskPhone } from "#shared/domain/identity.ts";
import { findUnit } from "#shared/domain/regions.ts";
import { evaluationWindowEnd } from "#shared/rules/lifecycle.ts";
import { documentView } from "#shared/rules/documents.ts";
import { nowMs } from "#shared/time.ts";
import type { Petitioner } from "#shared/domain/petition.ts";
import type { Role } from "#shared/domain/roles.ts";

function maskPetitioner(p: Petitioner): Petitioner {
	return {
		name: maskName(p.name),
		idNumber: maskIdNumber(p.idNumber),
		phone: maskPhone(p.phone),
		...(p.address ? { address: p.address } : {}),
	};
}

/** What every view of a case starts with: which matter it is and where it stands. */
function headline(kase: CaseSummary) {
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
	};
}

/** The tracking view (GET /v1/petitions/{caseId}): stage, current due time, masked identity. */
export function petitionerView(kase: Case) {
	return {
		...headline(kase),
		closeReason: kase.closeReason ?? null,
		unit: kase.unit ? (findUnit(kase.unit)?.name ?? kase.unit) : null,
		reply: kase.reply ? { outcome: kase.reply.outcome, text: kase.reply.text, at: kase.reply.at } : null,
		/** What the petitioner may do now and until when (复查/复核 requests, evaluation). */
		canRequest: kase.stage === "review_window" ? "review" : kase.stage === "rereview_window" ? "rereview" : null,
		canEvaluate:
			kase.reply !== undefined &&
			kase.evaluation === undefined &&
			kase.evaluationClosedAt === undefined &&
			nowMs() < evaluationWindowEnd(Date.parse(kase.reply.at)),
		evaluation: kase.evaluation ?? null,
		documents: kase.documents.map((d) => documentView(d, kase)),
		petitioner: maskPetitioner(kase.petitioner),
	};
}

/**
 * Staff views. Masking rule (docs/roles.md): intake, unit, reviewer and admin work the case and must
 * be able to reach the petitioner, so they see the full name and phone (and address); leaders only
 * supervise, so they see name, ID number and phone masked and no address. No list shows a full ID
 * number: the list is glanced at, the detail is opened on purpose (and the ID is needed there to
 * check identity and spot repeat petitions).
 */
function contactsVisible(role: Role): boolean {
	return role !== "leader";
}

function listPetitioner(p: Petitioner, role: Role) {
	if (!contactsVisible(role))
		return { name: maskName(p.name), idNumber: maskIdNumber(p.idNumber), phone: maskPhone(p.phone) };
	return { name: p.name, idNumber: maskIdNumber(p.idNumber), phone: p.phone };
}

function detailPetitioner(p: Petitioner, role: Role): Petitioner {
	if (!contactsVisible(role))
		return { name: maskName(p.name), idNumber: maskIdNumber(p.idNumber), phone: maskPhone(p.phone) };
	return p;
}

/** One row of a staff queue (GET /v1/cases). */
export function staffSummary(kase: CaseSummary, role: Role) {
	return {
		...headline(kase),
		unit: kase.unit ?? null,
		overdue: kase.overdue,
		petitioner: listPetitioner(kase.petitioner, role),
	};
}

/** The full case for staff (GET /v1/cases/{caseId}); the query code hash and workflow handle stay inside. */
export function staffCaseView(kase: Case, role: Role) {
	const { queryCodeHash: _hash, executionArn: _arn, petitioner, representatives, ...rest } = kase;
	return {
		...rest,
		documents: kase.documents.map((d) => documentView(d, kase)),
		petitioner: detailPetitioner(petitioner, role),
		...(representatives?.length
			? {
					representatives: representatives.map((r) =>
						contactsVisible(role)
							? r
							: {
									name: maskName(r.name),
									idNumber: maskIdNumber(r.idNumber),
									...(r.phone ? { phone: maskPhone(r.phone) } : {}),
								},
					),
				}
			: {}),
	};
}
