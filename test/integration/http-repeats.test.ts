/** Repeat petitions (重复信访) through the real gateway and handlers: detection, the 200 answer, linking by hand. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalSystem } from "#local/system.ts";
import { api } from "../support/api.ts";
import { nextSampleIdNumber, postJson, samplePetition, startTestSystem } from "../support/system.ts";

let system: LocalSystem;
let a: ReturnType<typeof api>;
let intake: string;

beforeAll(async () => {
	system = await startTestSystem({ clock: "virtual" });
	a = api(system);
	intake = await a.token("intake", "431127");
});
afterAll(async () => {
	await system?.stop();
});

const person = (idNumber: string) => ({ name: "赵六", idNumber, phone: "13700137000" });
const submitRaw = async (body: unknown) => {
	const r = await postJson(`${system.url}/v1/petitions`, body);
	await system.virtual?.settle();
	return r;
};

describe("a repeat petition opens no new case", () => {
	it("records the same person's same matter on the open original and answers 200 with repeatOf", async () => {
		const id = nextSampleIdNumber();
		const first = await submitRaw(samplePetition({ petitioner: person(id) }));
		expect(first.status).toBe(201);
		const again = await submitRaw(
			samplePetition({
				petitioner: person(id),
				title: "小区道路积水问题",
				content: "请求修复排水，事实是雨后积水已经半月，理由是影响出行",
			}),
		);
		expect(again.status).toBe(200);
		expect(again.body).toEqual({ repeatOf: first.body.caseId, message: expect.stringContaining("重复信访") });
		expect(again.body).not.toHaveProperty("queryCode");

		// Intake registers the same matter brought in by letter: also a repeat, the count goes on.
		const letter = await a.register(intake, {
			...samplePetition({ petitioner: person(id) }),
			channel: "letter",
			receivedAt: new Date(system.clock.now()).toISOString(),
		});
		expect(letter.status).toBe(200);
		expect(letter.body).toEqual({ repeatOf: first.body.caseId, repeats: 2 });

		const detail = await a.caseDetail(intake, first.body.caseId);
		expect(detail.body.case.repeats).toBe(2);
		const repeats = detail.body.events.filter((e: { type: string }) => e.type === "repeat");
		expect(repeats).toEqual([
			expect.objectContaining({ via: "online", actorRole: "petitioner", similarity: expect.any(Number) }),
			expect.objectContaining({ via: "letter", actorRole: "intake" }),
		]);
		expect(repeats[0].similarity).toBeGreaterThanOrEqual(0.6);
		// No case was opened for the repeat.
		const list = await fetch(`${system.url}/v1/cases?limit=100`, {
			headers: { authorization: `Bearer ${intake}` },
		}).then((r) => r.json() as Promise<{ items: { title: string }[] }>);
		expect(list.items.filter((c) => c.title === "小区道路积水问题")).toEqual([]);
	});

	it("another matter, another county or a closed original is a new case", async () => {
		const id = nextSampleIdNumber();
		const first = await submitRaw(samplePetition({ petitioner: person(id) }));
		const other = await submitRaw(
			samplePetition({
				petitioner: person(id),
				title: "工资拖欠",
				content: "请求：支付工资。事实：某公司拖欠三个月工资。理由：生活困难。",
			}),
		);
		expect(other.status).toBe(201);
		const elsewhere = await submitRaw(samplePetition({ petitioner: person(id), region: "431102" }));
		expect(elsewhere.status).toBe(201);
		expect((await a.act(intake, first.body.caseId, { type: "reject", reason: "不属于信访事项" })).status).toBe(200);
		const afterClose = await submitRaw(samplePetition({ petitioner: person(id) }));
		expect(afterClose.status).toBe(201);
		expect(afterClose.body.caseId).not.toBe(first.body.caseId);
	});
});

describe("linking a repeat by hand", () => {
	it("links a case to an earlier one and unlinks it, both cases changing together", async () => {
		const original = await a.submit({ title: "村道损毁", content: "请求修复村道" });
		const later = await a.submit({ title: "通组公路坑洼", content: "车辆无法通行，请求处理" });
		const linked = await a.act(intake, later.caseId, { type: "link_repeat", original: original.caseId.toLowerCase() });
		expect(linked.status).toBe(200);
		expect(linked.body.repeatOf).toBe(original.caseId);
		let o = await a.caseDetail(intake, original.caseId);
		expect(o.body.case.repeats).toBe(1);
		expect(o.body.events.at(-1)).toMatchObject({ type: "repeat", repeatCaseId: later.caseId, actorRole: "intake" });
		expect(o.body.allowedActions).not.toContain("link_repeat"); // an original with repeats is not linked onward
		const l = await a.caseDetail(intake, later.caseId);
		expect(l.body.allowedActions).toContain("unlink_repeat");
		expect(l.body.allowedActions).not.toContain("link_repeat");
		expect(l.body.events.at(-1)).toMatchObject({ type: "linked_as_repeat", repeatOf: original.caseId });

		const unlinked = await a.act(intake, later.caseId, { type: "unlink_repeat" });
		expect(unlinked.status).toBe(200);
		expect(unlinked.body).not.toHaveProperty("repeatOf");
		o = await a.caseDetail(intake, original.caseId);
		expect(o.body.case.repeats).toBe(0);
		expect(o.body.events.at(-1)).toMatchObject({ type: "repeat_unlinked", repeatCaseId: later.caseId });
	});

	it("refuses a link to itself, to a case out of scope, by a unit, and an unlink of a case that is no repeat", async () => {
		const kase = await a.submit();
		const self = await a.act(intake, kase.caseId, { type: "link_repeat", original: kase.caseId });
		expect(self.status).toBe(400);
		const elsewhere = await a.submit({ region: "431102" });
		const foreign = await a.act(intake, kase.caseId, { type: "link_repeat", original: elsewhere.caseId });
		expect(foreign.status).toBe(400);
		expect(foreign.body.error.details.issues[0]).toMatchObject({ path: "original" });
		const missing = await a.act(intake, kase.caseId, { type: "link_repeat", original: "XF431127-2026-00000000" });
		expect(missing.body).toEqual(foreign.body);
		const notRepeat = await a.act(intake, kase.caseId, { type: "unlink_repeat" });
		expect(notRepeat.status).toBe(409);
		expect(notRepeat.body.error.code).toBe("NOT_A_REPEAT");
		const unit = await a.token("unit", "431127", "431127-housing");
		expect((await a.act(unit, kase.caseId, { type: "link_repeat", original: elsewhere.caseId })).status).toBe(404);
	});
});
