/** Starts the local system for one test file: the run's DynamoDB Local, tables of its own, a gateway on a free port. */
import { randomBytes } from "node:crypto";
import { type LocalSystem, type LocalSystemOptions, startLocalSystem } from "#local/system.ts";
import { residentIdCheckChar } from "#shared/domain/identity.ts";

export async function startTestSystem(options: LocalSystemOptions = {}): Promise<LocalSystem> {
	const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB;
	if (!endpoint) throw new Error("the vitest global setup did not start DynamoDB Local");
	// Tests submit many petitions from one address: the per-address limit is off unless a test sets it.
	return startLocalSystem({
		port: 0,
		dynamodbEndpoint: endpoint,
		tablePrefix: `t${randomBytes(4).toString("hex")}_`,
		submissionLimits: "off",
		...options,
	});
}

/** A valid resident ID with a correct GB 11643 check character. */
export const sampleIdNumber = "11010519491231002X";

/**
 * A new valid resident ID on each call, masked like `sampleIdNumber` (110105********002X): every
 * sample petition is another person's, so a test's petitions never count as repeats of each other
 * (重复信访: same ID, same county, similar text, earlier case open). Tests of repeats pass one ID.
 */
let sampleDay = 0;
export function nextSampleIdNumber(): string {
	for (;;) {
		const birth = new Date(Date.UTC(1950, 0, 1) + sampleDay++ * 86_400_000)
			.toISOString()
			.slice(0, 10)
			.replaceAll("-", "");
		const first17 = `110105${birth}002`;
		if (residentIdCheckChar(first17) === "X") return `${first17}X`;
	}
}

export function samplePetition(overrides: Record<string, unknown> = {}) {
	return {
		petitioner: { name: "张三", idNumber: nextSampleIdNumber(), phone: "13800138000", address: "蓝山县塔峰镇" },
		region: "431127",
		category: "appeal",
		title: "小区道路积水",
		content: "请求：修复排水。事实：雨后积水半月。理由：影响出行。",
		...overrides,
	};
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}) {
	const res = await fetch(url, {
		method: "POST",
		headers: { "content-type": "application/json", ...headers },
		body: typeof body === "string" ? body : JSON.stringify(body),
	});
	const text = await res.text();
	return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}
