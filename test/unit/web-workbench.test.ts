import { describe, expect, it } from "vitest";
import { actionSchema } from "#shared/domain/actions.ts";
import { channelSplit, keyCounts, keyRates, periodLabel, statsQuery } from "../../web/js/dashboard-model.js";
import {
	actionLabels,
	buildActionBody,
	offeredActions,
	buildTokenBody,
	eventRow,
	queueQuery,
	queueRow,
	tokenClaims,
} from "../../web/js/workbench-model.js";
import { documentList, normaliseCaseId, timeline } from "../../web/js/track-model.js";

describe("workbench actions", () => {
	it("offers exactly the server's allowedActions that it has a form for, in order", () => {
		expect(offeredActions({ allowedActions: ["return", "extend", "reply"] })).toEqual(["return", "extend", "reply"]);
		expect(offeredActions({ allowedActions: [] })).toEqual([]);
		expect(offeredActions({ allowedActions: ["reply", "no_such_action"] })).toEqual(["reply"]);
		expect(offeredActions({})).toEqual([]);
		expect(offeredActions(undefined)).toEqual([]);
	});

	it("has a form label for every staff action of the server's schema", () => {
		for (const option of actionSchema.def.options)
			for (const type of option.shape.type.def.values) expect(actionLabels).toHaveProperty(type);
	});

	it("builds action bodies that the server's action schema accepts", () => {
		const bodies = [
			buildActionBody("accept", { category: "appeal", unit: "431127-housing" }),
			buildActionBody("reject", { reason: " 不属于信访事项 " }),
			buildActionBody("route_other_procedure", { procedure: "litigation", reason: "已进入诉讼", mediated: "on" }),
			buildActionBody("route_other_procedure", { procedure: "arbitration", reason: "劳动仲裁" }),
			buildActionBody("return", { reason: "非本单位职责" }),
			buildActionBody("extend", { reason: "情况复杂" }),
			buildActionBody("reply", { outcome: "resolved", text: "经调查……", mediated: "on" }),
			buildActionBody("reply", { outcome: "unresolved", text: "经调查……" }),
			buildActionBody("review_decision", { outcome: "upheld", text: "维持原处理意见" }),
			buildActionBody("link_repeat", { original: " xf431127-2026-abcdefgh " }),
			buildActionBody("unlink_repeat", {}),
		];
		for (const body of bodies) expect(actionSchema.safeParse(body).success, JSON.stringify(body)).toBe(true);
		expect(bodies[1]).toEqual({ type: "reject", reason: "不属于信访事项" });
		expect(bodies[2]).toMatchObject({ mediated: true });
		expect(bodies[3]).not.toHaveProperty("mediated");
		expect(bodies[7]).toMatchObject({ mediated: false });
		expect(bodies[9]).toEqual({ type: "link_repeat", original: "XF431127-2026-ABCDEFGH" });
	});

	it("puts only the filters that are set into the queue query, with the cursor", () => {
		expect(queueQuery({ status: "", stage: "", overdue: undefined })).toBe("");
		expect(queueQuery({ status: "open", stage: "handling", overdue: "on" }, "abc+/=")).toBe(
			"?status=open&stage=handling&overdue=true&cursor=abc%2B%2F%3D",
		);
	});

	it("renders a queue row with Chinese labels and China-time due dates", () => {
		const row = queueRow({
			caseId: "XF431127-2025-ABCDEFGH",
			title: "小区道路积水",
			region: "431127",
			channel: "online",
			stage: "handling",
			unit: "431127-housing",
			dueAt: "2025-03-01T15:59:59.999Z",
			overdue: true,
			petitioner: { name: "张三", idNumber: "110105********002X", phone: "13800138000" },
		});
		expect(row.cells).toEqual([
			"XF431127-2025-ABCDEFGH",
			"小区道路积水",
			"蓝山县",
			"网信",
			"办理中",
			"蓝山县住房和城乡建设局",
			"2025-03-01 23:59",
			"逾期",
			"张三",
		]);
		expect(row.overdue).toBe(true);
	});

	it("renders an event with its time, label, actor and facts", () => {
		expect(
			eventRow({
				type: "accepted",
				at: "2025-01-02T02:00:00Z",
				actorRole: "intake",
				actor: "intake-431127",
				unit: "431127-housing",
				onTime: true,
			}),
		).toEqual(["2025-01-02 10:00", "受理并转送/交办", "信访部门 intake-431127", "蓝山县住房和城乡建设局；按期"]);
	});

	it("reads the claims of a token and builds the login body", () => {
		const payload = Buffer.from(
			JSON.stringify({ sub: "张工", role: "unit", region: "431127", unit: "431127-edu" }),
		).toString("base64url");
		expect(tokenClaims(`h.${payload}.s`)).toMatchObject({ sub: "张工", role: "unit" });
		expect(tokenClaims("garbage")).toBeUndefined();
		expect(buildTokenBody({ user: "a", role: "unit", region: "431127", unit: "431127-edu" })).toEqual({
			user: "a",
			role: "unit",
			region: "431127",
			unit: "431127-edu",
		});
		expect(buildTokenBody({ user: "a", role: "intake", region: "431127", unit: "431127-edu" })).toEqual({
			user: "a",
			role: "intake",
			region: "431127",
		});
	});
});

describe("tracking timeline", () => {
	const base = {
		caseId: "XF431127-2025-ABCDEFGH",
		category: "appeal",
		receivedAt: "2025-01-01T02:00:00Z",
		status: "open",
		documents: [] as { kind: string; title: string; issuedAt: string; text: string }[],
	};

	it("marks registration done and acceptance current for a new case", () => {
		const steps = timeline({ ...base, stage: "acceptance" });
		expect(steps.map((s) => [s.key, s.state])).toEqual([
			["registered", "done"],
			["acceptance", "current"],
			["handling", "todo"],
			["review", "todo"],
			["rereview", "todo"],
			["closed", "todo"],
		]);
		expect(steps[0]?.date).toBe("2025-01-01");
	});

	it("after the reply, offers 复查 as the current step with the documents' dates", () => {
		const documents = [
			{ kind: "reply", title: "信访处理意见书", issuedAt: "2025-02-10T02:00:00Z", text: "……" },
			{ kind: "acceptance_notice", title: "受理告知书", issuedAt: "2025-01-03T02:00:00Z", text: "……" },
		];
		const steps = timeline({ ...base, stage: "review_window", documents });
		expect(steps.find((s) => s.key === "acceptance")).toMatchObject({ state: "done", date: "2025-01-03" });
		expect(steps.find((s) => s.key === "handling")).toMatchObject({ state: "done", date: "2025-02-10" });
		expect(steps.find((s) => s.key === "review")).toMatchObject({ state: "current", note: "可申请复查" });
		expect(documentList({ documents }).map((d) => d.title)).toEqual(["受理告知书", "信访处理意见书"]);
	});

	it("for a rejected suggestion, skips the handling step and shows why it closed", () => {
		const documents = [
			{ kind: "rejection_notice", title: "不予受理告知书", issuedAt: "2025-01-05T02:00:00Z", text: "……" },
		];
		const steps = timeline({
			...base,
			category: "suggestion",
			stage: "closed",
			status: "closed",
			closeReason: "not_accepted",
			documents,
		});
		expect(steps.map((s) => [s.key, s.state])).toEqual([
			["registered", "done"],
			["acceptance", "done"],
			["handling", "skipped"],
			["closed", "done"],
		]);
		expect(steps.at(-1)?.note).toBe("不予受理");
	});

	it("normalises a typed case id", () => {
		expect(normaliseCaseId("  xf431127-2025-abcdefgh ")).toBe("XF431127-2025-ABCDEFGH");
	});
});

describe("statistics", () => {
	const stats = {
		region: "431127",
		period: "2024",
		received: 400,
		byChannel: { letter: 100, visit: 60, online: 240 },
		timelyAcceptanceRate: 1,
		completionRate: 1,
		onTimeCompletionRate: 0.98,
		firstTimeResolutionRate: 1,
		accurateTransferRate: 201 / 202,
		satisfactionRate: null,
		transferred: 202,
		appeals: 191,
		appealsMediated: 93,
		otherProcedure: 108,
		otherProcedureMediated: 52,
		reviews: 3,
		rereviews: 1,
		share: { received: 0.04, appeals: 0.043, letter: 0.041, visit: 0.063, online: 0.038 },
		rank: { accurateTransferRate: 2, timelyAcceptanceRate: 1, satisfactionRate: null },
		yoy: { received: -0.024, appeals: null },
	};

	it("shows the key rates as percentages with the rank among the city's counties", () => {
		const accurate = keyRates(stats).find((r) => r.metric === "accurateTransferRate");
		expect(accurate).toEqual({
			metric: "accurateTransferRate",
			label: "准确转交率",
			value: "99.5%",
			rank: "全市第2位",
		});
		expect(keyRates(stats).find((r) => r.metric === "satisfactionRate")).toMatchObject({ value: "—", rank: "" });
	});

	it("shows counts with share of the city and change on last year", () => {
		expect(keyCounts(stats).find((c) => c.metric === "appeals")).toEqual({
			metric: "appeals",
			label: "申诉求决类",
			value: "191",
			share: "占全市4.3%",
			yoy: "",
		});
		expect(keyCounts(stats).find((c) => c.metric === "received")).toMatchObject({
			share: "占全市4.0%",
			yoy: "同比−2.4%",
		});
	});

	it("splits the channels as parts of the total and shares of the city", () => {
		expect(channelSplit(stats)).toEqual([
			{ key: "letter", label: "来信", count: 100, ofTotal: "25.0%", ratio: 0.25, share: "占全市4.1%" },
			{ key: "visit", label: "来访", count: 60, ofTotal: "15.0%", ratio: 0.15, share: "占全市6.3%" },
			{ key: "online", label: "网信", count: 240, ofTotal: "60.0%", ratio: 0.6, share: "占全市3.8%" },
		]);
		expect(channelSplit({ received: 0, byChannel: { letter: 0, visit: 0, online: 0 } })[0]).toMatchObject({
			ofTotal: "—",
			share: "",
		});
	});

	it("ranks and shares the city within the province, a county within the city", () => {
		expect(keyRates({ ...stats, region: "431100" }).find((r) => r.metric === "accurateTransferRate")?.rank).toBe(
			"全省第2位",
		);
		expect(keyCounts({ ...stats, region: "431100" }).find((c) => c.metric === "appeals")?.share).toBe("占全省4.3%");
	});

	it("builds the stats and report queries and labels the period", () => {
		expect(statsQuery({ region: "431127", year: "2024", month: "" })).toBe("?region=431127&year=2024");
		expect(statsQuery({ region: "431127", year: "2024", month: "3" })).toBe("?region=431127&year=2024&month=3");
		expect(statsQuery({ region: "431127", year: "2024", month: "3" }, { withMonth: false })).toBe(
			"?region=431127&year=2024",
		);
		expect(periodLabel("2024")).toBe("2024年");
		expect(periodLabel("2024-03")).toBe("2024年3月");
	});
});
