/**
 * bench/simulate: a city's year, made by the system itself. Starts the local home in-process
 * (DynamoDB Local, virtual clock at 2023-01-01 09:00 CST) and drives the city of Yongzhou through
 * 2023 and 2024 over HTTP only — online submissions, registered letters and visits, staff actions
 * with /local/token tokens, evaluations, 复查/复核 requests — one simulated day at a time
 * (POST /local/clock/advance). Then it reads GET /v1/stats?region=431127&year=2024 and prints the
 * seed report's figure next to the system's, checks every county's counters against the plan, and
 * closes with a summary table. The plan (bench/seed-plan.ts) is deterministic; docs/seed-2024.md
 * explains it.
 *
 * Usage: npm run simulate -- [--year 2024] [--scale S] [--seed N] [--data-dir DIR | --in-memory]
 *                            [--concurrency 48] [--port N] [--quiet] [--plan-only]
 *   --data-dir   where the simulated city is kept (default .data/simulate-2024); afterwards
 *                `npm start -- --data-dir DIR` opens it on its virtual clock, the year in the dashboard.
 *   --in-memory  DynamoDB Local in memory, nothing kept (`npm run bench:seed`, the timed benchmark).
 *   --scale      volume of the other ten counties (Lanshan stays at full size); shares then differ.
 *   --seed       the plan's random seed (petition texts, who evaluates, which letters are late, …).
 *   --plan-only  print the plan per county and what it predicts for Lanshan, without starting anything.
 * Exits 1 if a seed figure is missed (at scale 1), a request fails, or a county's counters differ from the plan.
 */
import { existsSync, readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { residentIdCheckChar } from "#shared/domain/identity.ts";
import { childrenOf, findRegion, unitsOf } from "#shared/domain/regions.ts";
import {
	actMs,
	buildPlan,
	CITY,
	expectedCounts,
	expectedStats,
	formatted,
	HORIZON,
	LANSHAN,
	mulberry32,
	type Op,
	type PlannedCase,
	rows,
	START_ISO,
	type StatsLike,
} from "./seed-plan.ts";
import { cpuMs, dynamoDbLocalPid, nodeCpuMs } from "./process-cpu.ts";

const { values } = parseArgs({
	options: {
		year: { type: "string", default: "2024" },
		scale: { type: "string", default: "1" },
		concurrency: { type: "string", default: "48" },
		seed: { type: "string", default: "20240101" },
		port: { type: "string", default: "0" },
		"data-dir": { type: "string" },
		"in-memory": { type: "boolean", default: false },
		quiet: { type: "boolean", default: false },
		"plan-only": { type: "boolean", default: false },
	},
});
const scale = Number(values.scale);
const concurrency = Number(values.concurrency);
function usage(message: string): never {
	console.error(message);
	process.exit(2);
}
if (!(scale > 0 && scale <= 1)) usage("--scale must be in (0, 1]");
// The plan is the seed report's: 2024 (with 2023 before it, for the year-on-year change).
if (values.year !== "2024")
	usage(
		`--year: only 2024 is planned (the seed report's year; 2023 is simulated before it for the year-on-year figures), got ${values.year}`,
	);
if (!Number.isInteger(Number(values.seed))) usage(`--seed must be an integer, got ${values.seed}`);
if (values["in-memory"] && values["data-dir"]) usage("--in-memory and --data-dir exclude each other");
const dataDir = values["in-memory"]
	? undefined
	: (values["data-dir"] ?? `.data/simulate-${values.year}${scale < 1 ? `-scale${scale}` : ""}`);
const tty = process.stdout.isTTY && !values.quiet;

// ---------------------------------------------------------------------------------------------
// HTTP

let requests = 0;
const failures: string[] = [];

interface Reply {
	status: number;
	body: any;
}

let base = "";
async function call(
	method: string,
	path: string,
	body?: unknown,
	headers: Record<string, string> = {},
): Promise<Reply> {
	for (let attempt = 0; ; attempt++) {
		requests++;
		const res = await fetch(base + path, {
			method,
			headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
			...(body !== undefined ? { body: JSON.stringify(body) } : {}),
		});
		const text = await res.text();
		let parsed: unknown = text;
		try {
			parsed = text ? JSON.parse(text) : undefined;
		} catch {
			// not JSON (e.g. a Markdown report): the text itself
		}
		const reply = { status: res.status, body: parsed as any };
		// A 503 (shed under load, or a transient error) is tried again after its Retry-After, as a client
		// should, and any other 5xx a few times; a 4xx is a plan error.
		if ((res.status === 503 && attempt < 10) || (res.status >= 500 && attempt < 3)) {
			const after = Number(res.headers.get("retry-after"));
			await new Promise((r) => setTimeout(r, res.status === 503 && after > 0 ? after * 1000 : 50 * (attempt + 1)));
			continue;
		}
		return reply;
	}
}

// ---------------------------------------------------------------------------------------------
// Petition texts, deterministic per case

const surnames = "王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢唐蒋邓欧阳".split("");
const given = [
	"建国",
	"秀英",
	"志强",
	"桂兰",
	"海军",
	"丽华",
	"小红",
	"文斌",
	"春生",
	"玉梅",
	"永福",
	"美玲",
	"德明",
	"红霞",
	"国庆",
	"金花",
	"伟",
	"芳",
	"勇",
	"敏",
];
const towns: Record<string, string[]> = {
	"431102": ["七里店街道", "徐家井街道", "富家桥镇", "接履桥镇"],
	"431103": ["梅湾街道", "凤凰街道", "岚角山镇", "普利桥镇"],
	"431181": ["龙山街道", "浯溪街道", "黎家坪镇", "白水镇"],
	"431122": ["白牙市镇", "紫溪市镇", "芦洪市镇", "大庙口镇"],
	"431123": ["泷泊镇", "江村镇", "五里牌镇", "理家坪乡"],
	"431124": ["濂溪街道", "西洲街道", "白马渡镇", "祥霖铺镇"],
	"431125": ["潇浦镇", "上江圩镇", "夏层铺镇", "桃川镇"],
	"431126": ["舜陵街道", "桐山街道", "天堂镇", "湾井镇"],
	"431127": ["塔峰镇", "楠市镇", "所城镇", "新圩镇"],
	"431128": ["龙泉街道", "金盆圩乡", "骥村镇", "新圩镇"],
	"431129": ["沱江镇", "白芒营镇", "涛圩镇", "大路铺镇"],
};
const subjects: Record<string, [string, string][]> = {
	housing: [
		["小区道路积水", "请求修复排水设施"],
		["房屋质量问题", "请求督促开发商维修"],
		["物业服务纠纷", "请求规范物业收费"],
		["棚改安置房延期交付", "请求尽快交房"],
	],
	hrss: [
		["拖欠农民工工资", "请求责令支付工资"],
		["社保关系转移", "请求办理社保接续"],
		["工伤认定", "请求依法认定工伤"],
	],
	natres: [
		["征地补偿标准", "请求按标准补偿"],
		["宅基地确权", "请求办理不动产登记"],
		["违法占用耕地", "请求依法查处"],
	],
	edu: [
		["学位分配", "请求就近入学"],
		["校外培训退费", "请求退还培训费"],
		["代课教师待遇", "请求落实待遇"],
	],
	health: [
		["医疗纠纷", "请求调查处理"],
		["医保报销", "请求按政策报销"],
	],
	civil: [
		["低保资格", "请求重新审核低保"],
		["殡葬改革", "请求妥善处理"],
		["残疾人补贴", "请求发放补贴"],
	],
	agri: [
		["土地承包经营权", "请求确认承包权"],
		["农业补贴未发放", "请求发放补贴"],
		["灌溉水渠损毁", "请求修复水渠"],
	],
	police: [
		["户籍迁移", "请求办理落户"],
		["治安纠纷处理", "请求依法处理"],
		["噪音扰民", "请求依法制止"],
	],
	discipline: [
		["反映村干部优亲厚友", "请求调查处理"],
		["反映工作人员作风问题", "请求核查"],
	],
};

/**
 * The petitioner's ID: a different person for every case (birth day, month and sequence number come
 * from the case's index), so no case is taken for a repeat petition (重复信访) of another; the year is
 * drawn. The draws stay as they were, so the rest of each petition does not change with this.
 */
function idNumber(rand: () => number, region: string, idx: number): string {
	const y = 1950 + Math.floor(rand() * 50);
	rand();
	rand();
	rand();
	const [d, m, seq] = [1 + (idx % 28), 1 + (Math.floor(idx / 28) % 12), Math.floor(idx / 336) % 1000];
	const first17 = `${region}${y}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}${String(seq).padStart(3, "0")}`;
	return first17 + residentIdCheckChar(first17);
}

function petitionOf(c: PlannedCase, seedValue: number) {
	const rand = mulberry32(seedValue ^ (c.idx * 2654435761));
	const unitKey = (c.ret?.unit ?? c.unit ?? `${c.region}-housing`).slice(7);
	const [title, request] = (subjects[unitKey] ?? subjects.housing)![Math.floor(rand() * 2)] as [string, string];
	const town = (towns[c.region] ?? ["城关镇"])[Math.floor(rand() * 4)] ?? "城关镇";
	const regionName = findRegion(c.region)?.name ?? "";
	const body: Record<string, unknown> = {
		petitioner: {
			name: (surnames[Math.floor(rand() * surnames.length)] ?? "王") + given[Math.floor(rand() * given.length)],
			idNumber: idNumber(rand, c.region, c.idx),
			phone: `1${3 + Math.floor(rand() * 7)}${String(Math.floor(rand() * 1e9)).padStart(9, "0")}`,
			address: `${regionName}${town}${1 + Math.floor(rand() * 200)}号`,
		},
		region: c.region,
		title,
		content: `请求：${request}。事实：${town}${title}，多次反映未果。理由：影响群众切身利益，依据《信访工作条例》提出。`,
	};
	// Most petitioners pick a category on the form; intake classifies at acceptance either way.
	if (rand() < 0.8) body.category = c.category ?? "appeal";
	if (rand() < 0.05) body.persons = 2 + Math.floor(rand() * 8);
	return body;
}

/** The plan per county and year: what the counters should read (Markdown table rows). */
function printPlan(expected: Map<string, Record<string, number>>) {
	const cols = [
		"received",
		"letter",
		"visit",
		"online",
		"decided",
		"late",
		"transferred",
		"returned",
		"appeals",
		"mediated",
		"other",
		"otherMed",
		"replied",
		"reviews",
		"rereviews",
		"evaluated",
	];
	console.log(`| county | year | ${cols.join(" | ")} |`);
	console.log(`|---|---|${cols.map(() => "---:").join("|")}|`);
	for (const region of [...childrenOf(CITY).map((r) => r.code), CITY])
		for (const year of [2023, 2024]) {
			const c = expected.get(`${region}|${year}`) ?? {};
			const n = (k: string) => c[k] ?? 0;
			const v = [
				n("received"),
				n("received#channel=letter"),
				n("received#channel=visit"),
				n("received#channel=online"),
				n("decided"),
				n("decided") - n("decidedOnTime"),
				n("transferred"),
				n("transferReturned"),
				n("appeals"),
				n("appealsMediated"),
				n("otherProcedure"),
				n("otherProcedureMediated"),
				n("replied"),
				n("reviews"),
				n("rereviews"),
				n("evaluated"),
			];
			console.log(`| ${findRegion(region)?.name} ${region} | ${year} | ${v.join(" | ")} |`);
		}
}

// ---------------------------------------------------------------------------------------------
// Progress and summary

const duration = (seconds: number) => {
	const s = Math.floor(seconds);
	return s >= 3600
		? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`
		: s >= 60
			? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`
			: `${s}s`;
};

/** `[########------] 57%  2024-03-02  day 426/771  23,410 req  52/s  elapsed 7m31s  ETA 5m40s` */
function progressLine(
	fraction: number,
	elapsed: number,
	at: { date: string; day: number; requests: number; failures: number; lagSeconds?: number },
): string {
	const width = 24;
	const filled = Math.round(Math.min(1, fraction) * width);
	const eta = fraction > 0.01 ? (elapsed / fraction) * (1 - fraction) : Number.NaN;
	return [
		`[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`,
		at.date,
		`day ${at.day}/${HORIZON}`,
		`${at.requests.toLocaleString("en-US")} req`,
		`${(at.requests / Math.max(elapsed, 0.001)).toFixed(0)}/s`,
		`elapsed ${duration(elapsed)}`,
		`ETA ${Number.isNaN(eta) ? "…" : duration(eta)}`,
		...(at.lagSeconds !== undefined ? [`stream lag ${at.lagSeconds.toFixed(1)} s`] : []),
		...(at.failures ? [`failures ${at.failures}`] : []),
	].join("  ");
}

/** The closing table (Markdown, so it pastes into notes as is). */
function summary(rowsOf: [string, string][]) {
	console.log("\n| simulation | |");
	console.log("|---|---|");
	for (const [k, v] of rowsOf) console.log(`| ${k} | ${v} |`);
}

// ---------------------------------------------------------------------------------------------

interface Live {
	caseId: string;
	queryCode: string;
}

async function main() {
	const wall = performance.now();
	const plan = buildPlan(scale, Number(values.seed));
	const expected = expectedCounts(plan);
	const planned = expectedStats(expected, LANSHAN, 2024);
	const planMisses = rows.filter((r) => formatted(r, planned) !== r.seed);
	const totalOps = plan.days.reduce((a, d) => a + d.length, 0);
	console.log(
		`simulate — ${values.year}: plan of ${plan.cases.length} cases, ${totalOps} operations over ${HORIZON + 1} days, scale ${scale}, seed ${values.seed}, ${dataDir ? `data dir ${dataDir}` : "in memory"}`,
	);
	if (values["plan-only"]) {
		printPlan(expected);
		for (const r of rows)
			console.log(`${r.metric.padEnd(40)}${r.seed.padStart(8)}${formatted(r, planned).padStart(9)}`);
		process.exit(planMisses.length && scale === 1 ? 1 : 0);
	}
	if (planMisses.length && scale === 1) {
		for (const r of planMisses) console.error(`plan misses ${r.metric}: ${formatted(r, planned)} vs ${r.seed}`);
		process.exit(1);
	}

	// The supervision notices (督办) of the simulated overdue cases would otherwise log a WARN line each.
	process.env.LOG_LEVEL ??= "ERROR";
	const { startLocalSystem } = await import("#local/system.ts");
	// A simulation starts from nothing: a data dir with anything in it is somebody's data.
	if (dataDir && existsSync(dataDir) && readdirSync(dataDir).length)
		usage(`${dataDir} is not empty (an earlier simulation?): remove it or give another --data-dir`);
	// Every simulated petitioner comes from this one address: its per-address limits are off (submissions,
	// and wrong query codes — right codes looked up 48 at once would hold all 20 units for a moment).
	const system = await startLocalSystem({
		submissionLimits: "off",
		queryCodeAddressLimit: "off",
		port: Number(values.port),
		clock: "virtual",
		start: START_ISO,
		...(dataDir ? { dataDir } : {}),
	});
	base = system.url;
	let exitCode = 0;
	try {
		// Tokens: intake, reviewer and every unit of each county; the city's reviewer (复核) and leader.
		const tokens = new Map<string, string>();
		const token = async (key: string, role: string, region: string, unit?: string) => {
			const r = await call("POST", "/local/token", {
				user: `${role}-${unit ?? region}`,
				role,
				region,
				...(unit ? { unit } : {}),
			});
			if (r.status !== 200) throw new Error(`token ${key}: ${r.status}`);
			tokens.set(key, r.body.token);
		};
		await Promise.all(
			childrenOf(CITY).flatMap((r) => [
				token(`intake:${r.code}`, "intake", r.code),
				token(`reviewer:${r.code}`, "reviewer", r.code),
				...unitsOf(r.code).map((u) => token(`unit:${u.id}`, "unit", r.code, u.id)),
			]),
		);
		await token(`reviewer:${CITY}`, "reviewer", CITY);
		await token(`leader:${CITY}`, "leader", CITY);
		const bearer = (key: string) => ({ authorization: `Bearer ${tokens.get(key)}` });

		const live = new Map<number, Live>();
		const seedValue = Number(values.seed);
		const act = (c: PlannedCase, key: string, action: Record<string, unknown>) =>
			call("POST", `/v1/cases/${live.get(c.idx)!.caseId}/actions`, action, bearer(key));
		const petitioner = (c: PlannedCase, what: "review-requests" | "evaluations", body: unknown) => {
			const l = live.get(c.idx)!;
			return call("POST", `/v1/petitions/${l.caseId}/${what}`, body, { "x-query-code": l.queryCode });
		};

		async function run(op: Op): Promise<void> {
			const c = op.c;
			const intake = `intake:${c.region}`;
			let r: Reply;
			switch (op.type) {
				case "register": {
					const body = petitionOf(c, seedValue);
					if (c.channel === "online") r = await call("POST", "/v1/petitions", body);
					else {
						const receivedAt =
							c.channel === "letter"
								? // 16:00 CST days before; a letter of the year's first day (no days before in its year) at 08:00 that morning
									new Date(actMs(c.regDay - c.lag) + (c.lag > 0 ? 7 : -1) * 3_600_000).toISOString()
								: new Date(actMs(c.regDay)).toISOString();
						r = await call("POST", "/v1/cases", { ...body, channel: c.channel, receivedAt }, bearer(intake));
					}
					if (r.status === 201) live.set(c.idx, { caseId: r.body.caseId, queryCode: r.body.queryCode });
					break;
				}
				case "accept":
					r = await act(c, intake, { type: "accept", category: c.category, unit: c.unit });
					break;
				case "reject":
					r = await act(c, intake, { type: "reject", reason: "不属于信访事项受理范围，已告知向有关机关提出" });
					break;
				case "other":
					r = await act(c, intake, {
						type: "route_other_procedure",
						procedure: c.procedure,
						reason: "属于应当通过诉讼、仲裁、行政复议等法定途径解决的事项，依法导入相应程序",
						...(c.otherMediated ? { mediated: true } : {}),
					});
					break;
				case "return":
					r = await act(c, `unit:${c.unit}`, { type: "return", reason: "该事项不属于本单位职责，申请退回重新交办" });
					break;
				case "reaccept":
					r = await act(c, intake, { type: "accept", category: c.category, unit: c.ret!.unit });
					break;
				case "extend":
					r = await act(c, `unit:${c.ret?.unit ?? c.unit}`, {
						type: "extend",
						reason: "情况复杂，需进一步调查核实，延长办理期限",
					});
					break;
				case "reply":
					r = await act(c, `unit:${c.ret?.unit ?? c.unit}`, {
						type: "reply",
						outcome: c.reply!.outcome,
						mediated: c.reply!.mediated,
						text: c.reply!.mediated
							? "经组织调解，双方达成调解协议，信访事项已化解。"
							: "经调查核实，现答复如下：依据有关规定作出处理。",
					});
					break;
				case "evaluate":
					r = await petitioner(c, "evaluations", { satisfaction: c.evaluation!.satisfaction });
					break;
				case "reviewRequest":
				case "rereviewRequest":
					r = await petitioner(c, "review-requests", { reason: "对处理意见不服，申请复查（复核）" });
					break;
				case "reviewDecision":
					r = await act(c, `reviewer:${c.region}`, {
						type: "review_decision",
						outcome: c.review!.outcome,
						text: "经复查，原处理意见事实清楚、适用依据正确。",
					});
					break;
				case "rereviewDecision":
					r = await act(c, `reviewer:${CITY}`, {
						type: "review_decision",
						outcome: c.rereview!.outcome,
						text: "经复核，维持复查意见，信访事项终结。",
					});
					break;
			}
			if (r.status >= 300) {
				const failure = `day ${op.day} ${op.type} case ${c.idx} (${c.region}): ${r.status} ${JSON.stringify(r.body?.error ?? r.body)}`;
				failures.push(failure);
				if (failures.length <= 10) console.log(`${tty ? "\n" : ""}  failure: ${failure}`);
			}
		}

		async function pool(ops: Op[]): Promise<void> {
			let next = 0;
			const worker = async () => {
				while (next < ops.length) {
					const op = ops[next++]!;
					await run(op);
				}
			};
			await Promise.all(Array.from({ length: Math.min(concurrency, ops.length) }, worker));
		}

		// The simulation: each day's operations (cases whose registration failed are skipped), then a day passes.
		const simStart = performance.now();
		const java = dynamoDbLocalPid();
		const cpuStart = { node: nodeCpuMs(), java: cpuMs(java) };
		// Wall and CPU seconds of the days' operations and of the days' advances (timers' steps), apart.
		const phases = { operations: { wall: 0, cpu: 0 }, advances: { wall: 0, cpu: 0 } };
		const timed = async (phase: keyof typeof phases, work: () => Promise<void>) => {
			const wall0 = performance.now();
			const cpu0 = nodeCpuMs() + cpuMs(java);
			await work();
			phases[phase].wall += (performance.now() - wall0) / 1000;
			phases[phase].cpu += (nodeCpuMs() + cpuMs(java) - cpu0) / 1000;
		};
		let lastReport = simStart;
		let opsDone = 0;
		// Progress weighs a day's advance like a few operations (its timers and the counters' catch-up).
		const work = totalOps + 4 * HORIZON;
		for (let day = 0; day <= HORIZON; day++) {
			const ops = plan.days[day]!.filter((op) => op.type === "register" || live.has(op.c.idx));
			await timed("operations", () => pool(ops));
			opsDone += plan.days[day]!.length;
			if (day < HORIZON) {
				// A day's advance waits for the timers' steps only; the counters follow from the stream while
				// the next days run, and the last advance below waits for them.
				await timed("advances", async () => {
					const r = await call("POST", "/local/clock/advance", { days: 1, wait: "steps" });
					if (r.status !== 200) throw new Error(`advance: ${r.status} ${JSON.stringify(r.body)}`);
				});
				opsDone += 4;
			}
			const now = performance.now();
			if (
				tty
					? now - lastReport > 250 || day === HORIZON
					: !values.quiet && (now - lastReport > 15_000 || day === HORIZON)
			) {
				lastReport = now;
				const line = progressLine(opsDone / work, (now - simStart) / 1000, {
					date: new Date(actMs(day)).toISOString().slice(0, 10),
					day,
					requests,
					failures: failures.length,
					// the counters' delay behind the writes since the last line (the stream's consumers)
					lagSeconds: system.poller.lag(true).maxMs / 1000,
				});
				if (tty) process.stdout.write(`\r${line}\x1b[K${day === HORIZON ? "\n" : ""}`);
				else console.log(`  ${line}`);
			}
		}
		// The counters catch up: a zero advance that waits for the stream's consumers.
		const catchUpStart = performance.now();
		const catchUpCpu = nodeCpuMs() + cpuMs(java);
		const workBefore = system.poller.work();
		await call("POST", "/local/clock/advance", { seconds: 0 });
		const catchUp = {
			seconds: (performance.now() - catchUpStart) / 1000,
			cpu: (nodeCpuMs() + cpuMs(java) - catchUpCpu) / 1000,
			work: Object.entries(system.poller.work())
				.map(([name, w]) => {
					const b = workBefore[name] ?? { read: 0, delivered: 0, invocations: 0, invokeMs: 0 };
					return `${name} ${w.delivered - b.delivered} records in ${w.invocations - b.invocations} invocations, ${((w.invokeMs - b.invokeMs) / 1000).toFixed(1)} s`;
				})
				.join("; "),
		};
		const simSeconds = (performance.now() - simStart) / 1000;
		// What the simulation cost the machine: on C cores it cannot run in less than CPU ÷ C seconds.
		const cpu = { node: (nodeCpuMs() - cpuStart.node) / 1000, java: (cpuMs(java) - cpuStart.java) / 1000 };
		const cores = availableParallelism();

		// Read the figures.
		const leader = bearer(`leader:${CITY}`);
		const stats = await call("GET", `/v1/stats?region=${LANSHAN}&year=2024`, undefined, leader);
		if (stats.status !== 200) throw new Error(`stats: ${stats.status} ${JSON.stringify(stats.body)}`);
		const got = stats.body as StatsLike;

		console.log("");
		console.log(
			`蓝山县 431127, 2024 — GET /v1/stats?region=431127&year=2024${scale < 1 ? ` (other counties at scale ${scale})` : ""}`,
		);
		const w = Math.max(...rows.map((r) => r.metric.length)) + 2;
		console.log(`${"metric".padEnd(w)}${"seed".padStart(8)}${"system".padStart(9)}  match`);
		let misses = 0;
		const table: string[] = [];
		for (const r of rows) {
			const sys = formatted(r, got);
			const ok = sys === r.seed;
			if (!ok) misses++;
			const line = `${r.metric.padEnd(w)}${r.seed.padStart(8)}${sys.padStart(9)}  ${ok ? "yes" : "NO"}`;
			table.push(line);
			console.log(line);
		}
		console.log(
			`received ${got.received} (letter ${got.byChannel.letter}, visit ${got.byChannel.visit}, online ${got.byChannel.online}); decisions ${got.accepted}, on time ${got.acceptedOnTime}; replied ${got.completed}, resolved first time ${got.resolvedFirstTime}; reviews ${got.reviews}`,
		);

		// Every county's counters against the plan's prediction, both years.
		const compared = [
			"received",
			"accepted",
			"acceptedOnTime",
			"transferred",
			"transferReturned",
			"appeals",
			"appealsMediated",
			"otherProcedure",
			"otherProcedureMediated",
			"completed",
			"completedOnTime",
			"resolvedFirstTime",
			"reviews",
			"rereviews",
			"evaluated",
			"overdueUnreplied",
		] as const;
		let planDiffs = 0;
		const checks = childrenOf(CITY).flatMap((r) => [2023, 2024].map((y) => ({ region: r.code, year: y })));
		checks.push({ region: CITY, year: 2023 }, { region: CITY, year: 2024 });
		await Promise.all(
			checks.map(async ({ region, year }) => {
				const s = await call("GET", `/v1/stats?region=${region}&year=${year}`, undefined, leader);
				const want = expectedStats(expected, region, year);
				for (const k of compared)
					if (s.body?.[k] !== want[k]) {
						planDiffs++;
						console.log(`  plan vs system ${region} ${year} ${k}: plan ${want[k]}, system ${s.body?.[k]}`);
					}
			}),
		);
		console.log(`plan vs system: ${checks.length} region-years × ${compared.length} counts, ${planDiffs} differences`);

		// The annual report, if the system serves one.
		const report = await call("GET", `/v1/reports/annual?region=${LANSHAN}&year=2024`, undefined, leader);
		if (report.status === 200) {
			console.log("\nGET /v1/reports/annual?region=431127&year=2024\n");
			console.log(
				typeof report.body === "string" ? report.body : (report.body?.markdown ?? JSON.stringify(report.body, null, 2)),
			);
		} else console.log(`GET /v1/reports/annual: ${report.status} (not available)`);

		const total = (performance.now() - wall) / 1000;
		console.log(
			`\nrun time ${total.toFixed(0)} s (simulation ${simSeconds.toFixed(0)} s); ${requests} requests, ${(requests / simSeconds).toFixed(0)} requests/s; ${plan.cases.length} cases; failures ${failures.length}; seed figures missed ${misses}`,
		);
		for (const f of failures.slice(10, 30)) console.log(`  failure: ${f}`);
		const lanshan = expectedStats(expected, LANSHAN, 2024);
		const city = expectedStats(expected, CITY, 2024);
		summary([
			["year", `${values.year} (and 2023 before it), scale ${scale}, seed ${values.seed}`],
			["cases", `${plan.cases.length} (city 2024: ${city.received} received; 蓝山县: ${lanshan.received})`],
			[
				"requests",
				`${requests} in ${simSeconds.toFixed(0)} s (${(requests / simSeconds).toFixed(0)}/s), ${failures.length} failed`,
			],
			["run time", `${total.toFixed(0)} s`],
			[
				"counters caught up",
				`${catchUp.seconds.toFixed(1)} s after the last day's advance (CPU ${catchUp.cpu.toFixed(1)} s in that time; ${catchUp.work})`,
			],
			[
				"CPU of the simulation",
				`node ${cpu.node.toFixed(0)} s + DynamoDB Local ${cpu.java.toFixed(0)} s = ${(cpu.node + cpu.java).toFixed(0)} s (${(((cpu.node + cpu.java) / requests) * 1000).toFixed(1)} ms a request, of which DynamoDB Local ${((cpu.java / requests) * 1000).toFixed(1)}); on ${cores} cores no less than ${((cpu.node + cpu.java) / cores).toFixed(0)} s`,
			],
			[
				"where the time went",
				(["operations", "advances"] as const)
					.map(
						(p) =>
							`the days' ${p === "operations" ? "operations" : "advances (timers' steps)"} ${phases[p].wall.toFixed(0)} s using ${(phases[p].cpu / Math.max(phases[p].wall, 1e-9)).toFixed(2)} cores on average`,
					)
					.join("; "),
			],
			[
				"seed figures",
				scale === 1
					? `${rows.length - misses} of ${rows.length} match`
					: `${rows.length - misses} of ${rows.length} match (the shares need --scale 1)`,
			],
			["plan vs counters", `${checks.length} region-years × ${compared.length} counts, ${planDiffs} differences`],
			["data", dataDir ? `${dataDir} — open it with: npm start -- --data-dir ${dataDir}` : "in memory (not kept)"],
		]);
		if ((misses > 0 && scale === 1) || failures.length > 0 || planDiffs > 0) exitCode = 1;
	} finally {
		await system.stop();
	}
	process.exit(exitCode);
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
