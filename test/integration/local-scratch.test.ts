/**
 * The local home without a data dir keeps its SMS handset file and evidence files in a temporary
 * directory of its own: gone when the system stops, so runs (tests, benchmarks, `--in-memory`) leave
 * nothing behind in the temp dir.
 */
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { postJson, samplePetition, startTestSystem } from "../support/system.ts";

describe("the local home in memory", () => {
	it("removes its temporary directory (SMS handset, evidence) when it stops", async () => {
		const system = await startTestSystem();
		const scratch = dirname(dirname(process.env.SMS_OUTBOX_FILE as string));
		const evidence = process.env.EVIDENCE_DIR as string;
		expect(dirname(evidence)).toBe(scratch);
		const r = await postJson(`${system.url}/v1/petitions`, samplePetition());
		expect(r.status).toBe(201);
		await system.poller.drain();
		expect(existsSync(scratch)).toBe(true);
		await system.stop();
		expect(existsSync(scratch)).toBe(false);
	});
});
