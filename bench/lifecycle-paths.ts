/**
 * The five lifecycle paths the per-case benchmarks (bench:writes, bench:cost) drive through the HTTP
 * API, each to its end on the virtual clock: one definition, so both count the same case.
 */
import type { api } from "../test/support/api.ts";

type Api = ReturnType<typeof api>;
export type LifecyclePath = [name: string, drive: () => Promise<string>];

/** `onRequest` is called once per HTTP request a path sends (tokens excluded). */
export async function lifecyclePaths(a: Api, onRequest: () => void = () => {}): Promise<LifecyclePath[]> {
	const intake = await a.token("intake", "431127");
	const housing = await a.token("unit", "431127", "431127-housing");
	const hrss = await a.token("unit", "431127", "431127-hrss");
	const countyReviewer = await a.token("reviewer", "431127");
	const cityReviewer = await a.token("reviewer", "431100");
	const ok = async (p: Promise<{ status: number; body: unknown }>) => {
		onRequest();
		const r = await p;
		if (r.status >= 300) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
		return r;
	};
	const submit = () => {
		onRequest();
		return a.submit();
	};
	const accept = (id: string, unit = "431127-housing") =>
		ok(a.act(intake, id, { type: "accept", category: "appeal", unit }));
	const reply = (token: string, id: string) =>
		ok(a.act(token, id, { type: "reply", outcome: "resolved", mediated: false, text: "经调查，已依法处理。" }));

	return [
		[
			"happy path",
			async () => {
				const c = await submit();
				await accept(c.caseId);
				await reply(housing, c.caseId);
				await a.advance(31); // the review window passes: closed
				return c.caseId;
			},
		],
		[
			"reject",
			async () => {
				const c = await submit();
				await ok(a.act(intake, c.caseId, { type: "reject", reason: "不属于信访事项受理范围" }));
				return c.caseId;
			},
		],
		[
			"other procedure",
			async () => {
				const c = await submit();
				await ok(
					a.act(intake, c.caseId, {
						type: "route_other_procedure",
						procedure: "litigation",
						reason: "应通过诉讼解决",
						mediated: false,
					}),
				);
				return c.caseId;
			},
		],
		[
			"return and re-transfer",
			async () => {
				const c = await submit();
				await accept(c.caseId, "431127-hrss");
				await ok(a.act(hrss, c.caseId, { type: "return", reason: "不属于本单位职责" }));
				await accept(c.caseId);
				await reply(housing, c.caseId);
				await a.advance(31);
				return c.caseId;
			},
		],
		[
			"review and re-review",
			async () => {
				const c = await submit();
				await accept(c.caseId);
				await reply(housing, c.caseId);
				await ok(a.requestReview(c.caseId, c.queryCode));
				await ok(
					a.act(countyReviewer, c.caseId, { type: "review_decision", outcome: "upheld", text: "维持原处理意见" }),
				);
				await ok(a.requestReview(c.caseId, c.queryCode, "仍不服"));
				await ok(a.act(cityReviewer, c.caseId, { type: "review_decision", outcome: "changed", text: "变更为支持" }));
				await a.advance(31); // the evaluation window ends (its timer, started by the 复查 request)
				return c.caseId;
			},
		],
	];
}
