/**
 * Evidence (证据材料) with a petition: the petitioner (case id + query code) asks for an upload, puts
 * the file to the URL it gets, then completes it; completing checks what was stored — the size and the
 * type its first bytes show — and keeps it or deletes it. At most 5 files per case.
 */
import { randomBytes } from "node:crypto";
import { type CaseStore, StaleCaseError } from "#shared/cases/store.ts";
import type { Case } from "#shared/domain/case.ts";
import { StepAlreadyDone } from "#shared/domain/errors.ts";
import { displayName, type Evidence, type EvidenceType, evidenceLimits, sniffType } from "#shared/domain/evidence.ts";
import { evidenceKey, type EvidenceStore, type UploadTicket, uploadTtlSeconds } from "#shared/evidence/store.ts";
import { RuleViolation } from "#shared/rules/lifecycle.ts";
import { nowIso, nowMs } from "#shared/time.ts";

export interface EvidenceDeps {
	store: CaseStore;
	files: EvidenceStore;
}

/** Files that hold a place: stored ones, and uploads asked for within the upload URL's lifetime. */
function occupied(kase: Case, now: number): Evidence[] {
	return kase.evidence.filter((e) => e.status === "stored" || Date.parse(e.createdAt) + uploadTtlSeconds * 1000 > now);
}

async function save(store: CaseStore, kase: Case, evidence: Evidence[]): Promise<Case> {
	try {
		return await store.commit({ before: kase, after: { ...kase, evidence }, events: [] });
	} catch (err) {
		if (err instanceof StaleCaseError) throw new StepAlreadyDone("案件刚刚有变化，请重试");
		throw err;
	}
}

export async function requestUpload(
	deps: { store: CaseStore; files: Pick<EvidenceStore, "uploadUrl"> },
	kase: Case,
	file: { fileName: string; type: EvidenceType; size: number },
): Promise<{ evidence: Evidence; upload: UploadTicket }> {
	const now = nowMs();
	const kept = occupied(kase, now);
	if (kept.length >= evidenceLimits.files)
		throw new RuleViolation("TOO_MANY_FILES", `每件信访事项最多上传 ${evidenceLimits.files} 个证据材料`);
	const evidence: Evidence = {
		id: randomBytes(12).toString("hex"),
		name: displayName(file.fileName, file.type),
		type: file.type,
		size: file.size,
		status: "pending",
		createdAt: nowIso(),
	};
	await save(deps.store, kase, [...kept, evidence]);
	const upload = await deps.files.uploadUrl(evidenceKey(kase.caseId, evidence.id), file.type, file.size);
	return { evidence, upload };
}

/** Checks the uploaded file and keeps it, or deletes it and refuses (422) saying why. */
export async function completeUpload(deps: EvidenceDeps, kase: Case, evidenceId: string): Promise<Evidence> {
	const entry = kase.evidence.find((e) => e.id === evidenceId);
	if (!entry) throw new RuleViolation("EVIDENCE_NOT_FOUND", "没有这个证据材料的上传记录", "evidenceId");
	if (entry.status === "stored") return entry;
	const key = evidenceKey(kase.caseId, entry.id);
	const found = await deps.files.inspect(key, 16);
	if (!found) throw new RuleViolation("EVIDENCE_NOT_UPLOADED", "尚未收到文件，请先上传再确认");
	const sniffed = sniffType(found.head);
	const refuse = async (code: string, message: string) => {
		await deps.files.delete(key);
		await save(
			deps.store,
			kase,
			kase.evidence.filter((e) => e.id !== entry.id),
		);
		throw new RuleViolation(code, message);
	};
	if (found.size > evidenceLimits.bytes || found.size !== entry.size)
		await refuse("EVIDENCE_SIZE", `文件大小不符（每个不超过 ${evidenceLimits.bytes / 1024 / 1024} MB）`);
	if (!sniffed || sniffed !== entry.type) await refuse("EVIDENCE_TYPE", "文件内容不是所申报的 PDF、JPEG 或 PNG 格式");
	const stored: Evidence = { ...entry, status: "stored", storedAt: nowIso() };
	await save(
		deps.store,
		kase,
		kase.evidence.map((e) => (e.id === entry.id ? stored : e)),
	);
	return stored;
}

/** Stored evidence with a short-lived download link each (for the tracking view and the staff view). */
export async function evidenceLinks(files: Pick<EvidenceStore, "downloadUrl">, kase: Case) {
	return Promise.all(
		kase.evidence
			.filter((e) => e.status === "stored")
			.map(async (e) => ({
				id: e.id,
				name: e.name,
				type: e.type,
				size: e.size,
				storedAt: e.storedAt ?? e.createdAt,
				url: await files.downloadUrl(evidenceKey(kase.caseId, e.id), e.name, e.type),
			})),
	);
}
