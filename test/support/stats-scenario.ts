/**
 * A realistic mix of cases in two counties, driven through HTTP on the virtual clock: accepted,
 * rejected, routed to another procedure, returned and transferred again, extended, replied on time
 * and late (after 督办), reviewed, evaluated, windows expiring, a repeat petition. Used by the stats tests.
 */
import type { LocalSystem } from "#local/system.ts";
import { api } from "./api.ts";
import { postJson, samplePetition } from "./system.ts";

export async function driveMixedCases(system: LocalSystem): Promise<void> {
	const a = api(system);
	const intake = await a.token("intake", "431127");
	const housing = await a.token("unit", "431127", "431127-housing");
	const hrss = await a.token("unit", "431127", "431127-hrss");
	const reviewer = await a.token("reviewer", "431127");
	const intakeB = await a.token("intake", "431102");
	const unitB = await a.token("unit", "431102", "431102-housing");
	const ok = async (p: Promise<{ status: number; body: unknown }>) => {
		const r = await p;
		if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
		return r;
	};
	const accept = (token: string, id: string, unit: string, category = "appeal") =>
		ok(a.act(token, id, { type: "accept", category, unit }));
	const reply = (token: string, id: string, mediated = false) =>
		ok(a.act(token, id, { type: "reply", outcome: "resolved", mediated, text: "经调查，已依法处理。" }));
	const now = Date.parse(await a.advance(0));
	const daysAgo = (d: number) => new Date(now - d * 86_400_000).toISOString();

	// 蓝山县
	const c1 = await a.submit();
	await accept(intake, c1.caseId, "431127-housing");
	await reply(housing, c1.caseId, true);
	await ok(a.evaluate(c1.caseId, c1.queryCode, "satisfied"));
	const c2 = await a.submit();
	await ok(a.act(intake, c2.caseId, { type: "reject", reason: "不属于信访事项受理范围" }));
	const c3 = await a.submit();
	await ok(
		a.act(intake, c3.caseId, {
			type: "route_other_procedure",
			procedure: "arbitration",
			reason: "应申请仲裁",
			mediated: true,
		}),
	);
	const c4 = await a.submit();
	await accept(intake, c4.caseId, "431127-hrss");
	await ok(a.act(hrss, c4.caseId, { type: "return", reason: "不属于本单位职责" }));
	await accept(intake, c4.caseId, "431127-housing");
	await ok(a.act(housing, c4.caseId, { type: "extend", reason: "需进一步调查" }));
	const p5 = samplePetition();
	const c5 = await a.submit({ petitioner: p5.petitioner });
	await accept(intake, c5.caseId, "431127-housing");
	// The same person on the same matter while c5 is open: a repeat (重复信访) on c5, no new case.
	const repeat = await postJson(`${system.url}/v1/petitions`, { ...p5, title: `${p5.title}，至今未解决` });
	if (repeat.status !== 200 || repeat.body.repeatOf !== c5.caseId)
		throw new Error(`repeat: ${repeat.status} ${JSON.stringify(repeat.body)}`);
	const c6 = await a.submit({ category: "suggestion" });
	await accept(intake, c6.caseId, "431127-housing", "suggestion");
	await reply(housing, c6.caseId);
	await ok(a.evaluate(c6.caseId, c6.queryCode, "basically_satisfied"));
	const c7 = await a.submit();
	await accept(intake, c7.caseId, "431127-housing");
	await reply(housing, c7.caseId);
	await ok(a.requestReview(c7.caseId, c7.queryCode));
	await ok(a.act(reviewer, c7.caseId, { type: "review_decision", outcome: "upheld", text: "维持原处理意见" }));
	const letter = await ok(a.register(intake, { ...samplePetition(), channel: "letter", receivedAt: daysAgo(20) }));
	await accept(intake, (letter.body as { caseId: string }).caseId, "431127-housing"); // decided on day 20: late
	// 零陵区
	const c9 = await a.submit({ region: "431102" });
	await accept(intakeB, c9.caseId, "431102-housing");
	await reply(unitB, c9.caseId);
	await ok(a.evaluate(c9.caseId, c9.queryCode, "dissatisfied"));
	const visit = await ok(
		a.register(intakeB, { ...samplePetition({ region: "431102" }), channel: "visit", receivedAt: daysAgo(1) }),
	);
	await ok(a.act(intakeB, (visit.body as { caseId: string }).caseId, { type: "reject", reason: "已通过其他途径解决" }));

	await a.advance(62); // c5's handling deadline passes (督办); windows close
	await reply(housing, c5.caseId); // late
	await reply(housing, c4.caseId); // within the extended deadline
	await a.advance(31);
}
