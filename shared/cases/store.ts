/** The port through which use cases read and write cases; the DynamoDB adapter implements it. */
import type { Case } from "#shared/domain/case.ts";
import type { CaseEvent } from "#shared/domain/events.ts";

export interface CaseStore {
	/** Writes a new case and its first event in one transaction; fails whole if the id exists. */
	create(kase: Case, event: CaseEvent): Promise<void>;
	get(caseId: string): Promise<Case | undefined>;
	events(caseId: string): Promise<CaseEvent[]>;
}
