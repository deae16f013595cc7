/**
 * The KPIs of domain.md's "Metrics" table as ratios of counters (shared/stats/counters.ts), pure.
 * Every rate is a number in [0, 1], or null when its denominator is 0. docs/stats.md has the exact
 * definitions.
 */

/** Counter values of one region and period, by counter name (missing = 0). */
export type Counts = Readonly<Record<string, number>>;

export const rate = (numerator: number, denominator: number): number | null =>
	denominator > 0 ? numerator / denominator : null;

export interface Figures {
	received: number;
	byChannel: { letter: number; visit: number; online: number };
	/** First acceptance decisions (受理、不予受理、转其他法定程序), and those within 15 days. */
	accepted: number;
	acceptedOnTime: number;
	timelyAcceptanceRate: number | null; // 及时受理率
	due: number;
	completed: number;
	completedOnTime: number;
	completionRate: number | null; // 办结率
	onTimeCompletionRate: number | null; // 按期办结率
	transferred: number;
	transferReturned: number; // 退回
	accurateTransferRate: number | null; // 准确转交率
	resolvedFirstTime: number;
	firstTimeResolutionRate: number | null; // 一次性化解率 (行政三级)
	repeats: number; // 重复信访 (件次)
	repeatRate: number | null; // 重复信访率: repeats ÷ (received + repeats)
	appeals: number; // 申诉求决类
	appealsMediated: number; // 协议调解成功
	otherProcedure: number; // 其他法定程序受理
	otherProcedureMediated: number;
	reviews: number; // 复查
	rereviews: number; // 复核
	evaluated: number;
	satisfied: number;
	evaluationRate: number | null; // 参评率
	satisfactionRate: number | null; // 满意率
	supervisions: number; // 督办
	overdueUnreplied: number;
	/** Replies whose review window is still open: not yet in firstTimeResolutionRate's denominator. */
	firstTimePending: number;
	/** Replies whose evaluation is still possible: not yet in evaluationRate's denominator. */
	evaluationPending: number;
	/** Cases received in the period and not closed, by the stage they are in now. */
	openByStage: Record<OpenStage, number>;
}

/** The stages of an open case, in lifecycle order. */
export const openStages = ["acceptance", "handling", "review_window", "review", "rereview_window", "rereview"] as const;
export type OpenStage = (typeof openStages)[number];

/**
 * The lines the dashboard draws the monthly rates against. No statute sets them; these are the
 * bureau's assessment lines, kept in this one place.
 */
export const kpiTargets = {
	timelyAcceptanceRate: 0.95,
	onTimeCompletionRate: 0.95,
	accurateTransferRate: 0.95,
	firstTimeResolutionRate: 0.9,
	satisfactionRate: 0.9,
} as const satisfies Partial<Record<RateMetric, number>>;

export type CountMetric = {
	[K in keyof Figures]: Figures[K] extends number ? K : never;
}[keyof Figures];
export type RateMetric = {
	[K in keyof Figures]: Figures[K] extends number | null ? (Figures[K] extends number ? never : K) : never;
}[keyof Figures];

export const rateMetrics = [
	"timelyAcceptanceRate",
	"completionRate",
	"onTimeCompletionRate",
	"accurateTransferRate",
	"firstTimeResolutionRate",
	"evaluationRate",
	"satisfactionRate",
] as const satisfies readonly RateMetric[];

/** Counts compared with the parent region (share) and with the previous year (yoy). */
export const countMetrics = [
	"received",
	"accepted",
	"completed",
	"transferred",
	"transferReturned",
	"resolvedFirstTime",
	"repeats",
	"appeals",
	"appealsMediated",
	"otherProcedure",
	"otherProcedureMediated",
	"reviews",
	"rereviews",
	"evaluated",
] as const satisfies readonly CountMetric[];

export function figuresOf(c: Counts): Figures {
	const n = (name: string) => c[name] ?? 0;
	const completed = n("replied");
	const overdueUnreplied = Math.max(0, n("handlingOverdueOpen"));
	const due = completed + overdueUnreplied;
	const transferred = n("transferred");
	const transferReturned = n("transferReturned");
	const evaluated = n("evaluated");
	// Rates whose outcome is known only when a window closes count matured replies only.
	const firstTimePending = Math.max(0, n("repliedPending"));
	const evaluationPending = Math.max(0, n("evaluationPending"));
	return {
		received: n("received"),
		byChannel: {
			letter: n("received#channel=letter"),
			visit: n("received#channel=visit"),
			online: n("received#channel=online"),
		},
		accepted: n("decided"),
		acceptedOnTime: n("decidedOnTime"),
		timelyAcceptanceRate: rate(n("decidedOnTime"), n("decided")),
		due,
		completed,
		completedOnTime: n("repliedOnTime"),
		completionRate: rate(completed, due),
		onTimeCompletionRate: rate(n("repliedOnTime"), due),
		transferred,
		transferReturned,
		accurateTransferRate: rate(transferred - transferReturned, transferred),
		resolvedFirstTime: n("resolvedFirstTime"),
		firstTimeResolutionRate: rate(n("resolvedFirstTime"), completed - firstTimePending),
		repeats: Math.max(0, n("repeats")),
		// Every petition that came in: the cases opened plus the repeats that opened none.
		repeatRate: rate(Math.max(0, n("repeats")), n("received") + Math.max(0, n("repeats"))),
		appeals: n("appeals"),
		appealsMediated: n("appealsMediated"),
		otherProcedure: n("otherProcedure"),
		otherProcedureMediated: n("otherProcedureMediated"),
		reviews: n("reviews"),
		rereviews: n("rereviews"),
		evaluated,
		satisfied: n("satisfied"),
		evaluationRate: rate(evaluated, completed - evaluationPending),
		satisfactionRate: rate(n("satisfied"), evaluated),
		supervisions: n("overdue"),
		overdueUnreplied,
		firstTimePending,
		evaluationPending,
		openByStage: Object.fromEntries(openStages.map((st) => [st, Math.max(0, n(`open#stage=${st}`))])) as Record<
			OpenStage,
			number
		>,
	};
}

type Share = Record<CountMetric | "letter" | "visit" | "online", number | null>;

/** Each count as a share of the parent region's (the seed: "占全市的4.3%"). */
export function shareOf(own: Figures, parent: Figures): Share {
	const out = {} as Share;
	for (const m of countMetrics) out[m] = rate(own[m], parent[m]);
	for (const ch of ["letter", "visit", "online"] as const) out[ch] = rate(own.byChannel[ch], parent.byChannel[ch]);
	return out;
}

/**
 * Position on each rate among the parent's children (1 = highest; ties share a place, the next
 * place skips: 1, 2, 2, 4). Null when the region's rate is null; regions without the rate are not ranked.
 */
export function rankOf(own: Figures, siblings: readonly Figures[]): Record<RateMetric, number | null> {
	const out = {} as Record<RateMetric, number | null>;
	for (const m of rateMetrics) {
		const mine = own[m];
		out[m] = mine === null ? null : 1 + siblings.filter((s) => s[m] !== null && (s[m] as number) > mine).length;
	}
	return out;
}

/** (this year − last year) ÷ last year for each count (the seed: "同比再下降2.4%"); null when last year is 0. */
export function yoyOf(own: Figures, previous: Figures): Record<CountMetric, number | null> {
	const out = {} as Record<CountMetric, number | null>;
	for (const m of countMetrics) out[m] = previous[m] > 0 ? (own[m] - previous[m]) / previous[m] : null;
	return out;
}
