/**
 * The batching view of the case store (shared/cases/batched-store.ts) on DynamoDB Local: calls made
 * together go out as one request, and every caller still gets the answer it would have got alone — a
 * stale change fails alone while the others of its group are written, a step that is not open refuses
 * its token while the others take theirs, and grouped reads equal single ones.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentClient } from "#shared/aws/clients.ts";
import { caseDeps } from "#shared/aws/deps.ts";
import { batchedCaseStore } from "#shared/cases/batched-store.ts";
import { registerCase } from "#shared/cases/register.ts";
import { expireTask } from "#shared/cases/steps.ts";
import { StaleCaseError } from "#shared/cases/store.ts";
import type { CaseWorkflow } from "#shared/cases/workflow.ts";
import { petitionSchema } from "#shared/domain/petition.ts";
import type { LocalSystem } from "#local/system.ts";
import { samplePetition, startTestSystem } from "../support/system.ts";

let system: LocalSystem;
beforeAll(async () => {
	system = await startTestSystem({ clock: "virtual", start: "2024-05-06T09:00:00+08:00" });
});
afterAll(() => system.stop());

const workflow: CaseWorkflow = { start: async () => undefined, complete: async () => true };

/** Cases without executions (the test plays the workflow's part), each supervised once: step 2 open. */
async function supervisedCases(n: number): Promise<string[]> {
	const ids: string[] = [];
	for (let i = 0; i < n; i++) {
		const r = await registerCase(
			{ store: caseDeps().store, workflow },
			{ petition: petitionSchema.parse(samplePetition()), channel: "online", actorRole: "petitioner" },
		);
		await caseDeps().store.startConfirmed(r.caseId);
		await expireTask(caseDeps().store, { caseId: r.caseId, seq: 1 }, "supervise");
		ids.push(r.caseId);
	}
	return ids;
}

describe("the batching view of the case store", () => {
	it("reads many steps together exactly as one by one", async () => {
		const ids = await supervisedCases(3);
		const store = caseDeps().store;
		const together = await Promise.all(ids.map((id) => batchedCaseStore(store).stepState(id, 1)));
		const alone = await Promise.all(ids.map((id) => store.stepState(id, 1)));
		expect(together).toEqual(alone);
		expect(together.map((s) => [s.kase?.supervisions, s.task?.seq, s.outcome?.by])).toEqual([
			[1, 2, "timer"],
			[1, 2, "timer"],
			[1, 2, "timer"],
		]);
	});

	it("a stale change in a group fails alone; the others are written", async () => {
		const [a, b, c] = await supervisedCases(3);
		const store = caseDeps().store;
		const batched = batchedCaseStore(store);
		const cases = await Promise.all([a!, b!, c!].map(async (id) => (await store.get(id))!));
		const change = (k: (typeof cases)[number], version = k.version) => ({
			before: { ...k, version },
			after: { ...k, title: `${k.title}（补正）` },
			events: [],
		});
		const results = await Promise.allSettled([
			batched.commit(change(cases[0]!)),
			batched.commit(change(cases[1]!, cases[1]!.version - 1)), // read before the supervision: stale
			batched.commit(change(cases[2]!)),
		]);
		expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
		expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(StaleCaseError);
		const after = await Promise.all([a!, b!, c!].map((id) => store.get(id)));
		expect(after.map((k) => k?.title.endsWith("（补正）"))).toEqual([true, false, true]);
		expect(after.map((k, i) => k!.version - cases[i]!.version)).toEqual([1, 0, 1]);
	});

	it("tokens attached together: a step that is not open refuses its token, the others take theirs", async () => {
		const [a, b, c] = await supervisedCases(3);
		const batched = batchedCaseStore(caseDeps().store);
		const answers = await Promise.all([
			batched.attachToken(a!, 2, "token-a"),
			batched.attachToken(b!, 5, "token-b"), // no step 5
			batched.attachToken(c!, 2, "token-c"),
		]);
		expect(answers).toEqual([true, false, true]);
		const tasks = await Promise.all([a!, b!, c!].map((id) => caseDeps().store.task(id)));
		expect(tasks.map((t) => t?.token)).toEqual(["token-a", undefined, "token-c"]);
	});

	it("a token for a step a timer's outcome opened is one write, the token alone; that outcome stays as it was", async () => {
		const batched = batchedCaseStore(caseDeps().store);
		const ids: string[] = [];
		for (let i = 0; i < 2; i++) {
			const r = await registerCase(
				{ store: caseDeps().store, workflow },
				{ petition: petitionSchema.parse(samplePetition()), channel: "online", actorRole: "petitioner" },
			);
			await caseDeps().store.startConfirmed(r.caseId);
			ids.push(r.caseId);
		}
		await Promise.all(ids.map((id) => expireTask(batched, { caseId: id, seq: 1 }, "supervise")));
		const before = await Promise.all(ids.map((id) => caseDeps().store.outcome(id, 1)));
		// The stream's consumers share the client: let them finish with these cases first, and keep them
		// from reading while the tokens are written.
		await system.poller.drain();
		await system.poller.stop();
		const sent: string[] = [];
		const client = documentClient();
		client.middlewareStack.add(
			(next, context) => (args) => {
				const items = (args.input as { TransactItems?: unknown[] }).TransactItems;
				sent.push(`${context.commandName}${items ? ` of ${items.length}` : ""}`);
				return next(args);
			},
			{ step: "initialize", name: "countCommands" },
		);
		try {
			expect(await Promise.all(ids.map((id, i) => batched.attachToken(id, 2, `timer-token-${i}`)))).toEqual([
				true,
				true,
			]);
		} finally {
			client.middlewareStack.remove("countCommands");
		}
		// One request, one item a step: the two tokens, no outcome marked.
		expect(sent).toEqual(["TransactWriteItemsCommand of 2"]);
		const tasks = await Promise.all(ids.map((id) => caseDeps().store.task(id)));
		expect(tasks.map((t) => [t?.seq, t?.token])).toEqual([
			[2, "timer-token-0"],
			[2, "timer-token-1"],
		]);
		expect(await Promise.all(ids.map((id) => caseDeps().store.outcome(id, 1)))).toEqual(before);
		expect(before.map((o) => [o?.by, o?.pending])).toEqual([
			["timer", false],
			["timer", false],
		]);
	});
});
