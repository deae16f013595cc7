/** A small client for the local system as a user drives it: tokens, staff actions, petitioner calls, the clock. */
import type { LocalSystem } from "#local/system.ts";
import { postJson, samplePetition } from "./system.ts";

export interface Reply {
	status: number;
	body: any;
}

/** 503s answered with Retry-After (the gateway shedding load) that `call` waited out and sent again. */
export const shed = { retried: 0 };

/**
 * One request as a well-behaved client sends it: a 503 with Retry-After (load shed before anything was
 * written) is sent again after the wait, at most 5 times, as the web form does; anything else is the answer.
 */
async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
	for (let attempt = 1; ; attempt++) {
		const res = await fetch(url, {
			method,
			headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
			...(body !== undefined ? { body: JSON.stringify(body) } : {}),
		});
		const text = await res.text();
		const retryAfter = Number(res.headers.get("retry-after"));
		if (res.status === 503 && retryAfter > 0 && attempt < 5) {
			shed.retried++;
			await new Promise((r) => setTimeout(r, Math.min(retryAfter, 2) * 1000));
			continue;
		}
		return { status: res.status, body: text ? JSON.parse(text) : undefined };
	}
}

export function api(system: LocalSystem) {
	const base = system.url;
	const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
	return {
		async token(role: string, region: string, unit?: string): Promise<string> {
			const r = await postJson(`${base}/local/token`, {
				user: `${role}-${unit ?? region}`,
				role,
				region,
				...(unit ? { unit } : {}),
			});
			if (r.status !== 200) throw new Error(`token: ${r.status} ${JSON.stringify(r.body)}`);
			return r.body.token as string;
		},
		/** Submits online and waits until the workflow has opened the acceptance step. */
		async submit(overrides: Record<string, unknown> = {}): Promise<{ caseId: string; queryCode: string }> {
			const r = await call("POST", `${base}/v1/petitions`, samplePetition(overrides));
			if (r.status !== 201) throw new Error(`submit: ${r.status} ${JSON.stringify(r.body)}`);
			await system.virtual?.settle();
			return r.body;
		},
		async register(token: string, body: unknown): Promise<Reply> {
			const r = await call("POST", `${base}/v1/cases`, body, bearer(token));
			await system.virtual?.settle();
			return r;
		},
		async act(token: string, caseId: string, action: Record<string, unknown>): Promise<Reply> {
			const r = await call("POST", `${base}/v1/cases/${caseId}/actions`, action, bearer(token));
			await system.virtual?.settle();
			return r;
		},
		caseDetail: (token: string, caseId: string) => call("GET", `${base}/v1/cases/${caseId}`, undefined, bearer(token)),
		track: (caseId: string, code: string) =>
			call("GET", `${base}/v1/petitions/${caseId}`, undefined, { "x-query-code": code }),
		async requestReview(caseId: string, code: string, reason = "对处理意见不服"): Promise<Reply> {
			const r = await call(
				"POST",
				`${base}/v1/petitions/${caseId}/review-requests`,
				{ reason },
				{ "x-query-code": code },
			);
			await system.virtual?.settle();
			return r;
		},
		evaluate: (caseId: string, code: string, satisfaction: string) =>
			call("POST", `${base}/v1/petitions/${caseId}/evaluations`, { satisfaction }, { "x-query-code": code }),
		async advance(days: number): Promise<string> {
			const r = await call("POST", `${base}/local/clock/advance`, { days });
			if (r.status !== 200) throw new Error(`advance: ${r.status} ${JSON.stringify(r.body)}`);
			return r.body.now as string;
		},
	};
}
