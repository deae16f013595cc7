/**
 * The deterministic plan behind bench/simulate.ts: every case of Yongzhou (431100) and its 11
 * counties received in 2023 and 2024, with the simulated day of each thing that happens to it
 * (registration, acceptance decision, return and retransfer, extension, reply, evaluation, 复查, 复核).
 * Counts are fixed where the seed report fixes them (蓝山县 431127 in 2024, and the city totals its
 * shares imply); dates and the rest come from a seeded PRNG. `expectedCounts` folds the plan into the
 * counters the system keeps (docs/stats.md), so the plan can be checked against the seed before a
 * single request is sent, and the system against the plan afterwards. docs/seed-2024.md explains the
 * numbers.
 */
import { childrenOf } from "#shared/domain/regions.ts";
import { type Counts, type Figures, figuresOf, rankOf, shareOf, yoyOf } from "#shared/kpis.ts";

export const DAY_MS = 86_400_000;
/** Day 0 = 2023-01-01 (China Standard Time); the system's virtual clock starts at 09:00 of it. */
export const DAY0_MS = Date.parse("2023-01-01T00:00:00+08:00");
export const START_ISO = "2023-01-01T09:00:00+08:00";
export const Y2024 = 365; // day of 2024-01-01
export const Y2025 = 731; // day of 2025-01-01
/** The last simulated day: 2025-02-10, after every review window of a 2024 reply has closed. */
export const HORIZON = Y2025 + 40;
export const CITY = "431100";
export const LANSHAN = "431127";

export const dayStartMs = (d: number) => DAY0_MS + d * DAY_MS;
/** Staff and petitioners act at 09:00 China time of their day. */
export const actMs = (d: number) => dayStartMs(d) + 9 * 3_600_000;
export const yearOfDay = (d: number) => (d < Y2024 ? 2023 : d < Y2025 ? 2024 : 2025);
const weekday = (d: number) => new Date(dayStartMs(d) + 8 * 3_600_000).getUTCDay();
const monthOfDay = (d: number) => new Date(dayStartMs(d) + 8 * 3_600_000).getUTCMonth();

/** The seed's figures for 蓝山县 2024 (section （四） and 三（三）), as the stats API expresses them. */
export const seed = {
	timelyAcceptanceRate: 1,
	completionRate: 1,
	firstTimeResolutionRate: 1,
	transferred: 202,
	accurateTransferRate: 0.995,
	rankAccurateTransfer: 2,
	appeals: 191,
	shareAppeals: 0.043,
	appealsMediated: 93,
	shareAppealsMediated: 0.057,
	otherProcedure: 108,
	shareOtherProcedure: 0.042,
	otherProcedureMediated: 52,
	shareOtherProcedureMediated: 0.053,
	yoyReceived: -0.024,
	shareReceived: 0.04,
	shareLetter: 0.041,
	shareVisit: 0.063,
	shareOnline: 0.038,
} as const;

// ---------------------------------------------------------------------------------------------
// The numbers the plan is built on (docs/seed-2024.md derives them).

/** 蓝山县: received by channel (registrations in the year), and its decisions of 2024 by kind. */
export const lanshan = {
	received: {
		2023: { online: 270, letter: 36, visit: 32 }, // 338: 2024's 330 is −2.37 % (rounds to −2.4 %)
		2024: { online: 262, letter: 36, visit: 32 }, // 330
	},
	decisions2024: { appeal: 191, suggestion: 5, complaint: 5, other: 108, otherMediated: 52, rejected: 21 },
	decisions2023: { appeal: 195, suggestion: 6, complaint: 7, other: 106, otherMediated: 47, rejected: 24 },
	appealsMediated2024: 93,
	returns: { 2023: 2, 2024: 1 },
} as const;

/**
 * The city's 2024 totals, chosen near the middle of each rounding interval the seed's shares allow
 * (e.g. appeals: 191 ÷ x rounds to 4.3 % for 4391 < x ≤ 4494).
 */
export const city2024 = {
	received: { online: 6850, letter: 878, visit: 508 }, // 8236: 330 is 4.01 %; 262 ÷ 6850 = 3.82 %, 36 ÷ 878 = 4.10 %, 32 ÷ 508 = 6.30 %
	appeals: 4442, // 191 ÷ 4442 = 4.30 %
	appealsMediated: 1632, // 93 ÷ 1632 = 5.70 %
	otherProcedure: 2571, // 108 ÷ 2571 = 4.20 %
	otherProcedureMediated: 981, // 52 ÷ 981 = 5.30 %
} as const;

/** The other ten counties: relative volume and how their work differs (all deterministic). */
export interface CountyProfile {
	code: string;
	weight: number; // share of the other counties' volume
	channel: { online: number; letter: number; visit: number }; // channel propensity
	volume2023: number; // 2023 volume ÷ 2024 volume
	appealBias: number;
	otherBias: number;
	mediationBias: number;
	returnRate: number; // returns ÷ first transfers (2024)
	acceptanceOverdue: number; // share of decisions after day 15
	handlingOverdue: number; // share of replies after the deadline (no extension)
	stuck: number; // share of accepted cases never replied in the simulation
	extendRate: number;
	reviewRate: number; // of appeal replies not mediated, the share that asks for 复查
	evaluationRate: number;
}

export const profiles: readonly CountyProfile[] = [
	{
		code: "431102",
		weight: 1.15,
		channel: { online: 0.98, letter: 1.1, visit: 1.05 },
		volume2023: 1.06,
		appealBias: 1.02,
		otherBias: 1.0,
		mediationBias: 0.95,
		returnRate: 0.018,
		acceptanceOverdue: 0.02,
		handlingOverdue: 0.03,
		stuck: 0.002,
		extendRate: 0.05,
		reviewRate: 0.09,
		evaluationRate: 0.5,
	},
	{
		code: "431103",
		weight: 1.25,
		channel: { online: 1.06, letter: 0.85, visit: 0.8 },
		volume2023: 1.04,
		appealBias: 0.98,
		otherBias: 1.05,
		mediationBias: 1.0,
		returnRate: 0.012,
		acceptanceOverdue: 0.015,
		handlingOverdue: 0.02,
		stuck: 0.001,
		extendRate: 0.04,
		reviewRate: 0.1,
		evaluationRate: 0.6,
	},
	{
		code: "431181",
		weight: 1.45,
		channel: { online: 1.0, letter: 1.0, visit: 1.0 },
		volume2023: 1.09,
		appealBias: 1.0,
		otherBias: 0.97,
		mediationBias: 1.05,
		returnRate: 0.022,
		acceptanceOverdue: 0.025,
		handlingOverdue: 0.035,
		stuck: 0.003,
		extendRate: 0.06,
		reviewRate: 0.08,
		evaluationRate: 0.45,
	},
	{
		code: "431122",
		weight: 0.85,
		channel: { online: 0.97, letter: 1.12, visit: 1.0 },
		volume2023: 1.02,
		appealBias: 1.01,
		otherBias: 1.02,
		mediationBias: 0.9,
		returnRate: 0.015,
		acceptanceOverdue: 0.01,
		handlingOverdue: 0.02,
		stuck: 0.0,
		extendRate: 0.05,
		reviewRate: 0.07,
		evaluationRate: 0.55,
	},
	{
		code: "431123",
		weight: 0.32,
		channel: { online: 0.95, letter: 1.1, visit: 1.2 },
		volume2023: 1.0,
		appealBias: 1.0,
		otherBias: 1.0,
		mediationBias: 1.1,
		returnRate: 0,
		acceptanceOverdue: 0.0,
		handlingOverdue: 0.01,
		stuck: 0.0,
		extendRate: 0.03,
		reviewRate: 0.05,
		evaluationRate: 0.65,
	},
	{
		code: "431124",
		weight: 1.0,
		channel: { online: 1.0, letter: 1.0, visit: 1.1 },
		volume2023: 1.07,
		appealBias: 1.03,
		otherBias: 0.98,
		mediationBias: 0.95,
		returnRate: 0.02,
		acceptanceOverdue: 0.02,
		handlingOverdue: 0.03,
		stuck: 0.002,
		extendRate: 0.05,
		reviewRate: 0.09,
		evaluationRate: 0.5,
	},
	{
		code: "431125",
		weight: 0.4,
		channel: { online: 0.96, letter: 1.05, visit: 1.15 },
		volume2023: 0.98,
		appealBias: 0.99,
		otherBias: 1.03,
		mediationBias: 1.0,
		returnRate: 0.025,
		acceptanceOverdue: 0.01,
		handlingOverdue: 0.02,
		stuck: 0.0,
		extendRate: 0.04,
		reviewRate: 0.06,
		evaluationRate: 0.5,
	},
	{
		code: "431126",
		weight: 1.1,
		channel: { online: 1.01, letter: 0.95, visit: 1.0 },
		volume2023: 1.05,
		appealBias: 1.0,
		otherBias: 1.0,
		mediationBias: 1.0,
		returnRate: 0.016,
		acceptanceOverdue: 0.02,
		handlingOverdue: 0.025,
		stuck: 0.002,
		extendRate: 0.05,
		reviewRate: 0.08,
		evaluationRate: 0.5,
	},
	{
		code: "431128",
		weight: 0.55,
		channel: { online: 0.97, letter: 1.08, visit: 1.05 },
		volume2023: 1.03,
		appealBias: 0.97,
		otherBias: 1.04,
		mediationBias: 1.0,
		returnRate: 0.014,
		acceptanceOverdue: 0.015,
		handlingOverdue: 0.02,
		stuck: 0.0,
		extendRate: 0.04,
		reviewRate: 0.07,
		evaluationRate: 0.55,
	},
	{
		code: "431129",
		weight: 0.75,
		channel: { online: 0.99, letter: 1.0, visit: 0.95 },
		volume2023: 1.01,
		appealBias: 1.0,
		otherBias: 1.0,
		mediationBias: 1.0,
		returnRate: 0.02,
		acceptanceOverdue: 0.015,
		handlingOverdue: 0.025,
		stuck: 0.001,
		extendRate: 0.05,
		reviewRate: 0.08,
		evaluationRate: 0.5,
	},
];

// ---------------------------------------------------------------------------------------------
// Plan types

export type Channel = "online" | "letter" | "visit";
export type Category = "appeal" | "suggestion" | "complaint";
export type DecisionKind = "accept" | "reject" | "other";
export type Procedure = "litigation" | "arbitration" | "reconsideration" | "other";
export type Satisfaction = "satisfied" | "basically_satisfied" | "dissatisfied";

export interface PlannedCase {
	idx: number;
	region: string;
	channel: Channel;
	regDay: number;
	/** Letters: days between receipt (16:00) and registration; 0 otherwise (receipt = registration). */
	lag: number;
	decisionDay: number;
	kind: DecisionKind;
	category?: Category;
	unit?: string;
	procedure?: Procedure;
	otherMediated?: boolean;
	ret?: { day: number; reacceptDay: number; unit: string };
	extendDay?: number;
	reply?: { day: number; outcome: "resolved" | "partly" | "unresolved"; mediated: boolean };
	evaluation?: { day: number; satisfaction: Satisfaction };
	review?: { requestDay: number; decisionDay: number; outcome: "upheld" | "changed" };
	rereview?: { requestDay: number; decisionDay: number; outcome: "upheld" | "changed" };
}

export type OpType =
	| "register"
	| "accept"
	| "reject"
	| "other"
	| "return"
	| "reaccept"
	| "extend"
	| "reply"
	| "evaluate"
	| "reviewRequest"
	| "reviewDecision"
	| "rereviewRequest"
	| "rereviewDecision";

export interface Op {
	day: number;
	type: OpType;
	c: PlannedCase;
}

export interface Plan {
	cases: PlannedCase[];
	/** Ops by day, day 0 … HORIZON. */
	days: Op[][];
	scale: number;
}

// ---------------------------------------------------------------------------------------------
// PRNG and small helpers

export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Splits `total` in proportion to `weights`, integers summing to `total` (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
	const sum = weights.reduce((a, b) => a + b, 0);
	if (sum <= 0 || total <= 0) return weights.map(() => 0);
	const raw = weights.map((w) => (total * w) / sum);
	const out = raw.map(Math.floor);
	let left = total - out.reduce((a, b) => a + b, 0);
	const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
	for (const [, i] of order) {
		if (left <= 0) break;
		out[i] = (out[i] ?? 0) + 1;
		left--;
	}
	return out;
}

function shuffle<T>(rand: () => number, xs: T[]): T[] {
	for (let i = xs.length - 1; i > 0; i--) {
		const j = Math.floor(rand() * (i + 1));
		[xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
	}
	return xs;
}

const int = (rand: () => number, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
function pick<T>(rand: () => number, xs: readonly T[], weights?: readonly number[]): T {
	if (!weights) return xs[Math.floor(rand() * xs.length)] as T;
	const sum = weights.reduce((a, b) => a + b, 0);
	let r = rand() * sum;
	for (let i = 0; i < xs.length; i++) {
		r -= weights[i] ?? 0;
		if (r < 0) return xs[i] as T;
	}
	return xs[xs.length - 1] as T;
}

/** Seasonality of petitions: fewer around the Spring Festival (Feb), more in spring and before year end. */
const monthWeight = [0.95, 0.7, 1.1, 1.1, 1.05, 1.0, 1.0, 0.95, 1.0, 0.95, 1.05, 1.1];

/** `n` registration days in [from, to], letters and visits on working days only. */
function registrationDays(rand: () => number, n: number, from: number, to: number, channel: Channel): number[] {
	const days: number[] = [];
	const weights: number[] = [];
	for (let d = from; d <= to; d++) {
		const wd = weekday(d);
		const weekend = wd === 0 || wd === 6;
		if (channel !== "online" && weekend) continue;
		days.push(d);
		weights.push((monthWeight[monthOfDay(d)] ?? 1) * (weekend ? 0.75 : 1));
	}
	// Deterministic spread: the days are the weighted quantiles of n jittered points.
	const cum: number[] = [];
	let s = 0;
	for (const w of weights) {
		s += w;
		cum.push(s);
	}
	const out: number[] = [];
	for (let i = 0; i < n; i++) {
		const target = ((i + rand()) / n) * s;
		let lo = 0;
		let hi = cum.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if ((cum[mid] ?? 0) < target) lo = mid + 1;
			else hi = mid;
		}
		out.push(days[lo] as number);
	}
	return out;
}

const appealUnits = ["housing", "hrss", "natres", "edu", "health", "civil", "agri", "police"] as const;
const appealUnitWeights = [3, 3, 2.5, 1.2, 1, 1, 1.5, 1];
function unitFor(rand: () => number, region: string, category: Category, not?: string): string {
	for (;;) {
		const key =
			category === "complaint"
				? pick(rand, ["discipline", "police"] as const, [0.6, 0.4])
				: category === "suggestion"
					? pick(rand, ["housing", "edu", "health", "agri", "civil"] as const)
					: pick(rand, appealUnits, appealUnitWeights);
		const unit = `${region}-${key}`;
		if (unit !== not) return unit;
	}
}

// ---------------------------------------------------------------------------------------------
// Building the plan

/**
 * @param scale volume of the ten other counties relative to the full city (Lanshan is always at
 *   full size); at 1 the city's totals are those of `city2024`.
 */
export function buildPlan(scale = 1, seedValue = 20240101): Plan {
	const rand = mulberry32(seedValue);
	const cases: PlannedCase[] = [];
	const yearEnd = (y: number) => (y === 2023 ? Y2024 - 1 : Y2025 - 1);
	const yearStart = (y: number) => (y === 2023 ? 0 : Y2024);

	// 1. Registrations by county, year and channel.
	const others = profiles;
	const channels: Channel[] = ["online", "letter", "visit"];
	const otherReceived2024 = new Map<string, Record<Channel, number>>();
	for (const ch of channels) {
		const total = Math.round((city2024.received[ch] - lanshan.received[2024][ch]) * scale);
		const split = apportion(
			total,
			others.map((p) => p.weight * p.channel[ch]),
		);
		others.forEach((p, i) => {
			const r = otherReceived2024.get(p.code) ?? { online: 0, letter: 0, visit: 0 };
			r[ch] = split[i] ?? 0;
			otherReceived2024.set(p.code, r);
		});
	}
	const addRegistrations = (region: string, year: 2023 | 2024, counts: Record<Channel, number>, lastDay: number) => {
		for (const ch of channels) {
			for (const regDay of registrationDays(rand, counts[ch], yearStart(year), lastDay, ch)) {
				// A letter is received a few days before it is registered, never in the year before (received counts by receipt).
				const lag = ch === "letter" ? Math.min(int(rand, 1, 3), regDay - yearStart(year)) : 0;
				cases.push({ idx: cases.length, region, channel: ch, regDay, lag, decisionDay: -1, kind: "accept" });
			}
		}
	};
	for (const year of [2023, 2024] as const) {
		// Lanshan registers until 30 December so that each year's decisions are that year's cases.
		addRegistrations(LANSHAN, year, lanshan.received[year], yearEnd(year) - 1);
		for (const p of others) {
			const r2024 = otherReceived2024.get(p.code)!;
			const counts =
				year === 2024
					? r2024
					: {
							online: Math.round(r2024.online * p.volume2023),
							letter: Math.round(r2024.letter * p.volume2023),
							visit: Math.round(r2024.visit * p.volume2023),
						};
			addRegistrations(p.code, year, counts, yearEnd(year));
		}
	}
	cases.sort((a, b) => a.regDay - b.regDay || a.idx - b.idx);
	cases.forEach((c, i) => {
		c.idx = i;
	});
	const profileOf = new Map(others.map((p) => [p.code, p]));

	// 2. Acceptance decision days: within 15 days of receipt (R22), a few late in other counties.
	const lateDecision = new Set<PlannedCase>();
	for (const c of cases) {
		const p = profileOf.get(c.region);
		const receiptDay = c.regDay - c.lag;
		if (p && rand() < p.acceptanceOverdue) {
			c.decisionDay = receiptDay + int(rand, 16, 21);
			lateDecision.add(c);
		} else {
			c.decisionDay = c.regDay + Math.min(int(rand, 1, 9), Math.max(1, 14 - c.lag));
			if (!p) c.decisionDay = Math.min(c.decisionDay, yearEnd(yearOfDay(c.regDay)));
		}
	}
	// Lanshan 2023: two decisions after the 15 days (2024 has none: 及时受理率 100 %).
	{
		const early = cases.filter(
			(c) => c.region === LANSHAN && c.regDay > 20 && c.regDay < 150 && c.channel === "online",
		);
		for (const c of early.slice(0, 2)) c.decisionDay = c.regDay + 17;
	}

	// 3. Decision kinds. Counts are exact for Lanshan (both years) and for the city in 2024.
	type Mix = {
		appeal: number;
		suggestion: number;
		complaint: number;
		other: number;
		otherMediated: number;
		rejected: number;
	};
	const assign = (group: PlannedCase[], mix: Mix) => {
		shuffle(rand, group);
		let i = 0;
		const take = (n: number, f: (c: PlannedCase) => void) => {
			for (const end = i + n; i < end; i++) f(group[i] as PlannedCase);
		};
		take(mix.appeal, (c) => {
			c.kind = "accept";
			c.category = "appeal";
		});
		take(mix.suggestion, (c) => {
			c.kind = "accept";
			c.category = "suggestion";
		});
		take(mix.complaint, (c) => {
			c.kind = "accept";
			c.category = "complaint";
		});
		take(mix.otherMediated, (c) => {
			c.kind = "other";
			c.otherMediated = true;
		});
		take(mix.other - mix.otherMediated, (c) => {
			c.kind = "other";
			c.otherMediated = false;
		});
		take(mix.rejected, (c) => {
			c.kind = "reject";
		});
		if (i !== group.length) throw new Error(`plan: mix of ${group.length} decisions assigns ${i}`);
	};
	const randomMix = (n: number, mediation = 0.38): Mix => {
		const [appeal, suggestion, complaint, other, rejected] = apportion(n, [0.54, 0.05, 0.06, 0.31, 0.04]) as [
			number,
			number,
			number,
			number,
			number,
		];
		return { appeal, suggestion, complaint, other, otherMediated: Math.round(other * mediation), rejected };
	};
	const decidedIn = (region: string, y: number) =>
		cases.filter((c) => c.region === region && yearOfDay(c.decisionDay) === y);
	assign(decidedIn(LANSHAN, 2024), lanshan.decisions2024);
	assign(decidedIn(LANSHAN, 2023), lanshan.decisions2023);
	{
		const groups = others.map((p) => decidedIn(p.code, 2024));
		const n = groups.map((g) => g.length);
		const appeals = apportion(
			Math.round((city2024.appeals - lanshan.decisions2024.appeal) * scale),
			others.map((p, i) => (n[i] ?? 0) * p.appealBias),
		);
		const other = apportion(
			Math.round((city2024.otherProcedure - lanshan.decisions2024.other) * scale),
			others.map((p, i) => (n[i] ?? 0) * p.otherBias),
		);
		const otherMed = apportion(
			Math.round((city2024.otherProcedureMediated - lanshan.decisions2024.otherMediated) * scale),
			others.map((p, i) => (other[i] ?? 0) * p.mediationBias),
		);
		others.forEach((p, i) => {
			const g = groups[i] as PlannedCase[];
			const rest = g.length - (appeals[i] ?? 0) - (other[i] ?? 0);
			if (rest < 0) throw new Error(`plan: ${p.code} has too few 2024 decisions`);
			const [suggestion, complaint, rejected] = apportion(rest, [0.36, 0.4, 0.24]) as [number, number, number];
			assign(g, {
				appeal: appeals[i] ?? 0,
				suggestion,
				complaint,
				other: other[i] ?? 0,
				otherMediated: otherMed[i] ?? 0,
				rejected,
			});
		});
		for (const p of others)
			for (const y of [2023, 2025]) {
				const g = decidedIn(p.code, y);
				assign(g, randomMix(g.length));
			}
	}
	for (const c of cases) {
		if (c.kind === "accept") c.unit = unitFor(rand, c.region, c.category!);
		if (c.kind === "other")
			c.procedure = pick(
				rand,
				["litigation", "arbitration", "reconsideration", "other"] as const,
				[0.3, 0.25, 0.3, 0.15],
			);
	}

	// 4. Returns (退回) within two days of the transfer and a retransfer within the 5 days that follow.
	const returnCount = (region: string, year: number, firstTransfers: number): number => {
		if (region === LANSHAN) return lanshan.returns[year as 2023 | 2024] ?? 0;
		const p = profileOf.get(region)!;
		if (p.returnRate === 0) return 0;
		// At least 1.5 % of 2024's transfers in the counties that return any, so Lanshan's 99.5 % ranks second.
		const rate = year === 2024 ? Math.max(p.returnRate, 0.015) : p.returnRate * 0.9;
		return Math.max(1, Math.round(firstTransfers * rate));
	};
	for (const region of [LANSHAN, ...others.map((p) => p.code)])
		for (const y of [2023, 2024]) {
			const accepted = cases.filter(
				(c) => c.region === region && c.kind === "accept" && yearOfDay(c.decisionDay) === y,
			);
			const candidates = accepted.filter(
				(c) => c.decisionDay >= yearStart(y) + 20 && c.decisionDay <= yearEnd(y) - 40 && !lateDecision.has(c),
			);
			for (const c of shuffle(rand, candidates).slice(0, returnCount(region, y, accepted.length))) {
				const day = c.decisionDay + int(rand, 1, 2);
				c.ret = { day, reacceptDay: day + int(rand, 1, 3), unit: unitFor(rand, c.region, c.category!, c.unit) };
			}
		}

	// 5. Handling: reply (on time, after an extension, late, or not at all), then evaluation and review.
	for (const c of cases) {
		if (c.kind !== "accept") continue;
		const p = profileOf.get(c.region);
		const a = c.ret ? c.ret.reacceptDay : c.decisionDay;
		const r = rand();
		const extendRate = p ? p.extendRate : 0.03;
		const late = p ? p.handlingOverdue : 0;
		const stuck = p ? p.stuck : 0;
		let replyDay: number;
		if (r < stuck) continue;
		if (r < stuck + late) replyDay = a + int(rand, 62, 80);
		else if (r < stuck + late + extendRate) {
			c.extendDay = a + int(rand, 40, 55);
			replyDay = a + int(rand, 63, 88);
		} else replyDay = a + Math.min(55, int(rand, 6, 20) + int(rand, 0, 30));
		c.reply = { day: replyDay, outcome: "resolved", mediated: false };
	}
	// Lanshan 2023: two replies after the deadline (2024 has none), in the first half of the year.
	for (const c of cases
		.filter(
			(c) => c.region === LANSHAN && c.reply && !c.extendDay && !c.ret && c.decisionDay > 40 && c.decisionDay < 120,
		)
		.slice(0, 2))
		c.reply!.day = c.decisionDay + 66;
	// Mediation of appeals (协议调解成功), counted in the year of the reply: exact for 2024.
	const appealRepliesIn = (region: string, y: number) =>
		cases.filter((c) => c.region === region && c.category === "appeal" && c.reply && yearOfDay(c.reply.day) === y);
	{
		const lan = shuffle(rand, appealRepliesIn(LANSHAN, 2024));
		lan.forEach((c, i) => {
			c.reply!.mediated = i < lanshan.appealsMediated2024;
		});
		const groups = others.map((p) => appealRepliesIn(p.code, 2024));
		const med = apportion(
			Math.round((city2024.appealsMediated - lanshan.appealsMediated2024) * scale),
			others.map((p, i) => (groups[i]?.length ?? 0) * p.mediationBias),
		);
		groups.forEach((g, i) => {
			shuffle(rand, g).forEach((c, j) => {
				c.reply!.mediated = j < (med[i] ?? 0);
			});
		});
		for (const c of cases)
			if (c.category === "appeal" && c.reply && yearOfDay(c.reply.day) !== 2024)
				c.reply.mediated = rand() < (c.region === LANSHAN ? 0.47 : 0.37);
	}
	for (const c of cases) {
		if (!c.reply) continue;
		c.reply.outcome = c.reply.mediated
			? "resolved"
			: pick(rand, ["resolved", "partly", "unresolved"] as const, [0.4, 0.38, 0.22]);
		const p = profileOf.get(c.region);
		const rp = c.reply.day;
		// 复查 for appeals not mediated: other counties at their rate; Lanshan only early in 2023.
		const mayReview = c.category === "appeal" && !c.reply.mediated && c.reply.outcome !== "resolved";
		const reviewRate = p ? p.reviewRate * 2 : c.region === LANSHAN && rp < 240 ? 0.06 : 0;
		if (mayReview && rand() < reviewRate) {
			const requestDay = rp + int(rand, 5, 25);
			const lateDecisionReview = p && rand() < 0.04;
			const decisionDay = requestDay + (lateDecisionReview ? int(rand, 31, 35) : int(rand, 8, 28));
			c.review = { requestDay, decisionDay, outcome: rand() < 0.12 ? "changed" : "upheld" };
			if (rand() < 0.3) {
				const rr = decisionDay + int(rand, 5, 20);
				c.rereview = {
					requestDay: rr,
					decisionDay: rr + int(rand, 8, 27),
					outcome: rand() < 0.08 ? "changed" : "upheld",
				};
			}
			if (rand() < 0.5) c.evaluation = { day: rp + int(rand, 1, 3), satisfaction: "dissatisfied" };
			continue;
		}
		const evalRate = p ? p.evaluationRate : 0.7;
		if (rand() < evalRate) {
			const satisfaction = c.reply.mediated
				? pick(rand, ["satisfied", "basically_satisfied", "dissatisfied"] as const, [0.8, 0.18, 0.02])
				: pick(rand, ["satisfied", "basically_satisfied", "dissatisfied"] as const, [0.5, 0.3, 0.2]);
			c.evaluation = { day: rp + int(rand, 1, 20), satisfaction };
		}
	}

	// 6. Ops by day (only what happens by the horizon).
	const days: Op[][] = Array.from({ length: HORIZON + 1 }, () => []);
	const push = (day: number, type: OpType, c: PlannedCase) => {
		if (day <= HORIZON) days[day]!.push({ day, type, c });
	};
	for (const c of cases) {
		const seq: [number, OpType][] = [[c.regDay, "register"]];
		seq.push([c.decisionDay, c.kind === "accept" ? "accept" : c.kind === "reject" ? "reject" : "other"]);
		if (c.ret) seq.push([c.ret.day, "return"], [c.ret.reacceptDay, "reaccept"]);
		if (c.extendDay !== undefined) seq.push([c.extendDay, "extend"]);
		if (c.reply) seq.push([c.reply.day, "reply"]);
		if (c.evaluation) seq.push([c.evaluation.day, "evaluate"]);
		if (c.review) seq.push([c.review.requestDay, "reviewRequest"], [c.review.decisionDay, "reviewDecision"]);
		if (c.rereview) seq.push([c.rereview.requestDay, "rereviewRequest"], [c.rereview.decisionDay, "rereviewDecision"]);
		for (let i = 1; i < seq.length; i++)
			if ((seq[i]![0] as number) <= (seq[i - 1]![0] as number))
				throw new Error(`plan: case ${c.idx} has ${seq[i]![1]} not after ${seq[i - 1]![1]}`);
		for (const [day, type] of seq) push(day, type, c);
	}
	return { cases, days, scale };
}

// ---------------------------------------------------------------------------------------------
// What the system's counters should read, from the plan alone (docs/stats.md's definitions).

const executed = (day: number | undefined) => day !== undefined && day <= HORIZON;

/** Counter values by `<region>|<year>` for counties and the city. */
export function expectedCounts(plan: Plan): Map<string, Record<string, number>> {
	const out = new Map<string, Record<string, number>>();
	const add = (region: string, day: number, counter: string, n = 1) => {
		for (const r of [region, CITY]) {
			const key = `${r}|${yearOfDay(day)}`;
			const m = out.get(key) ?? {};
			m[counter] = (m[counter] ?? 0) + n;
			out.set(key, m);
		}
	};
	for (const c of plan.cases) {
		const r = c.region;
		add(r, c.regDay - c.lag, "received");
		add(r, c.regDay - c.lag, `received#channel=${c.channel}`);
		if (!executed(c.decisionDay)) continue;
		add(r, c.decisionDay, "decided");
		if (c.decisionDay - (c.regDay - c.lag) <= 15) add(r, c.decisionDay, "decidedOnTime");
		if (c.kind === "other") {
			add(r, c.decisionDay, "otherProcedure");
			if (c.otherMediated) add(r, c.decisionDay, "otherProcedureMediated");
			continue;
		}
		if (c.kind !== "accept") continue;
		add(r, c.decisionDay, "transferred");
		if (c.category === "appeal") add(r, c.decisionDay, "appeals");
		if (c.ret && executed(c.ret.day)) add(r, c.ret.day, "transferReturned");
		if (c.ret && executed(c.ret.reacceptDay)) add(r, c.ret.reacceptDay, "transferred");
		const a = c.ret ? c.ret.reacceptDay : c.decisionDay;
		const dueDay = a + 60 + (c.extendDay !== undefined && executed(c.extendDay) ? 30 : 0);
		const replied = c.reply && executed(c.reply.day) ? c.reply : undefined;
		// The first handling 督办 fires at 00:00 of the day after the deadline's last day.
		const overdueDay = dueDay + 1;
		if (executed(overdueDay) && !replied) add(r, overdueDay, "handlingOverdueOpen");
		if (!replied) continue;
		add(r, replied.day, "replied");
		if (replied.day <= dueDay) add(r, replied.day, "repliedOnTime");
		if (replied.mediated && c.category === "appeal") add(r, replied.day, "appealsMediated");
		const reviewed = c.review && executed(c.review.requestDay);
		if (reviewed) add(r, c.review!.requestDay, "reviews");
		if (c.rereview && executed(c.rereview.requestDay)) add(r, c.rereview.requestDay, "rereviews");
		const closes = c.category !== "appeal" || executed(replied.day + 31);
		if (!reviewed && closes) add(r, replied.day, "resolvedFirstTime");
		if (c.evaluation && executed(c.evaluation.day)) add(r, replied.day, "evaluated");
	}
	return out;
}

export type StatsLike = Figures & {
	share: Record<string, number | null>;
	rank: Record<string, number | null>;
	yoy: Record<string, number | null>;
};

/** The stats of a county for a year as GET /v1/stats computes them, from expected counters. */
export function expectedStats(counts: Map<string, Record<string, number>>, region: string, year: number): StatsLike {
	const f = (r: string, y: number) => figuresOf((counts.get(`${r}|${y}`) ?? {}) as Counts);
	const own = f(region, year);
	const siblings = childrenOf(CITY)
		.map((r) => r.code)
		.filter((c) => c !== region)
		.map((c) => f(c, year));
	return {
		...own,
		share: shareOf(own, f(CITY, year)),
		rank: rankOf(own, siblings),
		yoy: yoyOf(own, f(region, year - 1)),
	};
}

/** The seed's rows: how each figure is read from the stats and rounded as the seed rounds it. */
export interface Row {
	metric: string;
	seed: string;
	read: (s: StatsLike) => number | null | undefined;
	format: (v: number) => string;
}

const pct = (v: number) => `${(Math.round(v * 1000) / 10).toFixed(1)}%`;
const count = (v: number) => String(v);

export const rows: Row[] = [
	{ metric: "及时受理率 timelyAcceptanceRate", seed: "100.0%", read: (s) => s.timelyAcceptanceRate, format: pct },
	{ metric: "办结率 completionRate", seed: "100.0%", read: (s) => s.completionRate, format: pct },
	{
		metric: "一次性化解率 firstTimeResolutionRate",
		seed: "100.0%",
		read: (s) => s.firstTimeResolutionRate,
		format: pct,
	},
	{ metric: "转交 transferred", seed: "202", read: (s) => s.transferred, format: count },
	{ metric: "退回 transferReturned (99.5% of 202)", seed: "1", read: (s) => s.transferReturned, format: count },
	{ metric: "准确转交率 accurateTransferRate", seed: "99.5%", read: (s) => s.accurateTransferRate, format: pct },
	{ metric: "全市排名 rank.accurateTransferRate", seed: "2", read: (s) => s.rank.accurateTransferRate, format: count },
	{ metric: "申诉求决类 appeals", seed: "191", read: (s) => s.appeals, format: count },
	{ metric: "占全市 share.appeals", seed: "4.3%", read: (s) => s.share.appeals, format: pct },
	{ metric: "协议调解成功 appealsMediated", seed: "93", read: (s) => s.appealsMediated, format: count },
	{ metric: "占全市 share.appealsMediated", seed: "5.7%", read: (s) => s.share.appealsMediated, format: pct },
	{ metric: "其他法定程序 otherProcedure", seed: "108", read: (s) => s.otherProcedure, format: count },
	{ metric: "占全市 share.otherProcedure", seed: "4.2%", read: (s) => s.share.otherProcedure, format: pct },
	{ metric: "其中调解成功 otherProcedureMediated", seed: "52", read: (s) => s.otherProcedureMediated, format: count },
	{
		metric: "占全市 share.otherProcedureMediated",
		seed: "5.3%",
		read: (s) => s.share.otherProcedureMediated,
		format: pct,
	},
	{ metric: "总量同比 yoy.received", seed: "-2.4%", read: (s) => s.yoy.received, format: pct },
	{ metric: "总量占全市 share.received", seed: "4.0%", read: (s) => s.share.received, format: pct },
	{ metric: "来信占全市 share.letter", seed: "4.1%", read: (s) => s.share.letter, format: pct },
	{ metric: "来访占全市 share.visit", seed: "6.3%", read: (s) => s.share.visit, format: pct },
	{ metric: "网信占全市 share.online", seed: "3.8%", read: (s) => s.share.online, format: pct },
];

export function formatted(row: Row, s: StatsLike): string {
	const v = row.read(s);
	return v === null || v === undefined ? "null" : row.format(v);
}
