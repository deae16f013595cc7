/**
 * Registration writes the case — its events, its first step and, under an Idempotency-Key, the
 * submission's record — in one transaction, then starts the workflow. Whichever part fails, no case is
 * left without its workflow and no retry is answered without its query code: a failed write leaves
 * nothing; a failed (or never made) start leaves the step marked, and the reconciler starts the
 * execution; a process that dies between the write and the start answers the client's retry with the
 * same case and query code.
 */
import { DescribeExecutionCommand, SFNClient } from "@aws-sdk/client-sfn";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentClient, tableName } from "#shared/aws/clients.ts";
import { caseDeps } from "#shared/aws/deps.ts";
import { registerCase } from "#shared/cases/register.ts";
import { registerUnlessRepeat } from "#shared/cases/repeats.ts";
import { reconcileHandovers } from "#shared/cases/steps.ts";
import type { CaseStore } from "#shared/cases/store.ts";
import { submissionKey } from "#shared/cases/submission-key.ts";
import type { CaseWorkflow } from "#shared/cases/workflow.ts";
import { petitionSchema } from "#shared/domain/petition.ts";
import { casesTable } from "#shared/specs/tables.ts";
import type { LocalSystem } from "#local/system.ts";
import { postJson, samplePetition, startTestSystem } from "../support/system.ts";

let system: LocalSystem;
let sfn: SFNClient;
beforeAll(async () => {
	system = await startTestSystem();
	sfn = new SFNClient({
		endpoint: `${system.url}/local/sfn`,
		region: "local",
		credentials: { accessKeyId: "x", secretAccessKey: "x" },
	});
});
afterAll(async () => {
	sfn.destroy();
	await system.stop();
});

async function caseItems(): Promise<number> {
	const out = await documentClient().send(
		new ScanCommand({
			TableName: tableName(casesTable),
			Select: "COUNT",
			FilterExpression: "sk = :c",
			ExpressionAttributeValues: { ":c": "CASE" },
		}),
	);
	return out.Count ?? 0;
}

const petition = () => petitionSchema.parse(samplePetition());
const executionArn = (caseId: string) =>
	`${process.env.CASE_WORKFLOW_ARN?.replace(":stateMachine:", ":execution:")}:${caseId}`;

async function executionStatus(caseId: string): Promise<string> {
	try {
		return (await sfn.send(new DescribeExecutionCommand({ executionArn: executionArn(caseId) }))).status ?? "";
	} catch (err) {
		return (err as Error).name;
	}
}

/** Until the workflow's first step has attached its token to the case's step (the execution runs). */
async function tokenAttached(store: CaseStore, caseId: string): Promise<boolean> {
	for (let i = 0; i < 100; i++) {
		const task = await store.task(caseId);
		if (task?.token && !task.awaitingStart) return true;
		await new Promise((r) => setTimeout(r, 50));
	}
	return false;
}

const unavailable: CaseWorkflow = {
	start: async () => {
		throw Object.assign(new Error("Step Functions unavailable"), { name: "ServiceUnavailable" });
	},
	complete: async () => true,
};

describe("registration when one of its parts fails", () => {
	it("a failed workflow start still answers with the case; the reconciler starts its execution", async () => {
		const { store, workflow } = caseDeps();
		const r = await registerCase(
			{ store, workflow: unavailable },
			{ petition: petition(), channel: "online", actorRole: "petitioner" },
		);
		expect(await store.get(r.caseId)).toMatchObject({ caseId: r.caseId, stage: "acceptance" });
		expect(await store.task(r.caseId)).toMatchObject({ seq: 1, status: "open", awaitingStart: true });
		expect(await executionStatus(r.caseId)).toBe("ExecutionDoesNotExist");
		// A scheduled run leaves marks younger than its grace period to their registration: nothing started.
		expect((await reconcileHandovers({ store, workflow }, 1000)).started).toBe(0);
		const swept = await reconcileHandovers({ store, workflow }, 1000, { startsWrittenBefore: Date.now() + 1 });
		expect(swept.started).toBeGreaterThanOrEqual(1);
		expect(await executionStatus(r.caseId)).toBe("RUNNING");
		expect(await tokenAttached(store, r.caseId)).toBe(true);
	});

	it("a failed case write leaves nothing: no case, no execution", async () => {
		const deps = caseDeps();
		let caseId = "";
		const failingStore: CaseStore = {
			...deps.store,
			create: async (kase) => {
				caseId = kase.caseId;
				throw new Error("DynamoDB unavailable");
			},
		};
		const before = await caseItems();
		await expect(
			registerCase(
				{ store: failingStore, workflow: deps.workflow },
				{ petition: petition(), channel: "online", actorRole: "petitioner" },
			),
		).rejects.toThrow("DynamoDB unavailable");
		expect(await caseItems()).toBe(before);
		expect(await executionStatus(caseId)).toBe("ExecutionDoesNotExist");
	});

	it("killed between the case write and the start: the retry gets the same case with its query code, the reconciler its workflow", async () => {
		const { store, workflow } = caseDeps();
		const body = samplePetition();
		const key = `crash-window-${Date.now()}`;
		// The first attempt's process dies after its transaction: the start never comes, nobody is answered.
		let written: (caseId: string) => void = () => undefined;
		const afterWrite = new Promise<string>((resolve) => {
			written = resolve;
		});
		const dying: CaseWorkflow = {
			start: (caseId) => {
				written(caseId);
				return new Promise<void>(() => undefined);
			},
			complete: async () => true,
		};
		void registerUnlessRepeat(
			{ store, workflow: dying },
			{ petition: petitionSchema.parse(body), channel: "online", actorRole: "petitioner" },
			submissionKey("submit-petition", key, petitionSchema.parse(body)),
		);
		const caseId = await afterWrite;
		const before = await caseItems();

		const retry = await postJson(`${system.url}/v1/petitions`, body, { "idempotency-key": key });
		expect(retry.status).toBe(201);
		expect(retry.body).toMatchObject({ caseId, status: "open", stage: "acceptance" });
		expect(retry.body.queryCode).toMatch(/^[0-9A-Z]{10}$/);
		expect(await caseItems()).toBe(before);
		// The code answered is the case's own: the tracking page opens with it.
		const tracked = await fetch(`${system.url}/v1/petitions/${caseId}`, {
			headers: { "x-query-code": retry.body.queryCode },
		});
		expect(tracked.status).toBe(200);
		// Again: the same answer.
		const again = await postJson(`${system.url}/v1/petitions`, body, { "idempotency-key": key });
		expect(again).toMatchObject({ status: 201, body: retry.body });

		// The restarted home's reconciler starts what the dead process never did.
		expect(await executionStatus(caseId)).toBe("ExecutionDoesNotExist");
		await reconcileHandovers({ store, workflow }, 1000, { startsWrittenBefore: Date.now() + 1 });
		expect(await tokenAttached(store, caseId)).toBe(true);
	});
});
