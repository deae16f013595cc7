/**
 * Registration starts the workflow, then writes the case. Whichever of the two fails, no case is left
 * without its workflow: a failed start writes nothing; a failed case write leaves only an execution
 * that ends as failed when its first step finds no case.
 */
import { DescribeExecutionCommand, SFNClient } from "@aws-sdk/client-sfn";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentClient, tableName } from "#shared/aws/clients.ts";
import { caseDeps } from "#shared/aws/deps.ts";
import { registerCase } from "#shared/cases/register.ts";
import type { CaseStore } from "#shared/cases/store.ts";
import { petitionSchema } from "#shared/domain/petition.ts";
import { casesTable } from "#shared/specs/tables.ts";
import type { LocalSystem } from "#local/system.ts";
import { samplePetition, startTestSystem } from "../support/system.ts";

let system: LocalSystem;
beforeAll(async () => {
	// The first step waits this long for a case being written before it gives up (default 20 s).
	process.env.OPEN_TASK_WAIT_MS = "3000";
	system = await startTestSystem();
});
afterAll(() => system.stop());

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

describe("registration when one of its two writes fails", () => {
	it("a failed workflow start writes no case", async () => {
		const { store } = caseDeps();
		const before = await caseItems();
		const workflow = {
			start: async () => {
				throw new Error("Step Functions unavailable");
			},
			complete: async () => true,
		};
		await expect(
			registerCase({ store, workflow }, { petition: petition(), channel: "online", actorRole: "petitioner" }),
		).rejects.toThrow("Step Functions unavailable");
		expect(await caseItems()).toBe(before);
	});

	it("a failed case write leaves an execution that fails on its first step, and no case", async () => {
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
		const sfn = new SFNClient({
			endpoint: `${system.url}/local/sfn`,
			region: "local",
			credentials: { accessKeyId: "x", secretAccessKey: "x" },
		});
		const executionArn = `${process.env.CASE_WORKFLOW_ARN?.replace(":stateMachine:", ":execution:")}:${caseId}`;
		let status: string | undefined;
		for (let i = 0; i < 100 && status !== "FAILED"; i++) {
			status = (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
			if (status !== "FAILED") await new Promise((r) => setTimeout(r, 100));
		}
		sfn.destroy();
		expect(status).toBe("FAILED");
		expect(await caseItems()).toBe(before);
	}, 30_000);
});
