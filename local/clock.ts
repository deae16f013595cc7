/**
 * Time for the local home. Everything that waits (workflow Wait states, task timeouts, heartbeats,
 * retry back-off) schedules through a `Clock`, so tests and the local home can move time on.
 *
 * - `realClock()`: wall-clock time and `setTimeout` (`npm start`, the default).
 * - `virtualClock(start)`: time stands still and moves only by `advance(ms)` (`POST
 *   /local/clock/advance`, and the tests).
 * - `persistentVirtualClock(file, start)`: the same, its time kept in a file so a restart resumes it
 *   (`npm start -- --clock virtual`, `<data dir>/clock.json`).
 *
 * `advance` resolves once every timer due by the new time has fired and the work it started
 * (registered through `track`) has settled, so a test can assert right after it.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export interface TimerHandle {
	cancel(): void;
}

export interface Clock {
	/** Milliseconds since the epoch. */
	now(): number;
	/** Calls `fn` once the clock reaches `at` (epoch ms); at once (asynchronously) if it is already due. */
	setTimer(at: number, fn: () => void): TimerHandle;
	/** Registers work that `advance` must wait for; returns the same promise. */
	track<T>(work: Promise<T>): Promise<T>;
}

export interface AdvanceableClock extends Clock {
	/** Moves time on by `ms`, fires every timer due by then in order, and waits until all is quiet. */
	advance(ms: number): Promise<number>;
	/** Resolves when no tracked work is in flight and no timer is due. */
	settle(): Promise<void>;
}

const MAX_TIMEOUT = 2 ** 31 - 1;

/**
 * How much work fired timers may have in flight during an advance: a month with thousands of overdue
 * steps runs through a sliding window instead of all at once. Due timers are fired while fewer than
 * this many pieces of tracked work are in flight (each fired timer's work is at least one), and again
 * once half of them have settled — never a pause for a whole batch's slowest step.
 */
export const ADVANCE_WINDOW = 200;

/** The window: `CLOCK_ADVANCE_WINDOW` where set (a test that wants it small), else ADVANCE_WINDOW. */
export const advanceWindow = () => Number(process.env.CLOCK_ADVANCE_WINDOW) || ADVANCE_WINDOW;

export interface VirtualClockOptions {
	/** Called after every advance with the new time (the local home keeps it in the data dir). */
	onAdvanced?: (now: number) => void;
	/** Work in flight up to which due timers are fired (default advanceWindow()). */
	window?: number;
}

/** setTimeout that accepts delays beyond 24.8 days (Node clamps those to 1 ms). */
function longTimeout(at: () => number, target: number, fn: () => void): TimerHandle {
	let handle: NodeJS.Timeout | undefined;
	let cancelled = false;
	const arm = () => {
		if (cancelled) return;
		const delay = target - at();
		if (delay <= 0) {
			handle = setTimeout(() => {
				if (!cancelled) fn();
			}, 0);
			return;
		}
		handle = setTimeout(arm, Math.min(delay, MAX_TIMEOUT));
	};
	arm();
	return {
		cancel() {
			cancelled = true;
			if (handle) clearTimeout(handle);
		},
	};
}

export function realClock(): Clock {
	return {
		now: () => Date.now(),
		setTimer: (at, fn) => longTimeout(Date.now, at, fn),
		track: (work) => work,
	};
}

interface PendingTimer {
	at: number;
	seq: number;
	fn: () => void;
	cancelled: boolean;
}

class VirtualClock implements AdvanceableClock {
	private frozenNow: number;
	private timers: PendingTimer[] = [];
	private seq = 0;
	private inflight = 0;
	private idleWaiters: (() => void)[] = [];
	/** settle() waiting for the work in flight to drop to `at` before it fires more timers. */
	private lowWaiters: { at: number; resolve: () => void }[] = [];
	private wake: TimerHandle | undefined;
	private advancing = false;

	constructor(
		start: number,
		private readonly options: VirtualClockOptions = {},
	) {
		this.frozenNow = start;
	}

	now(): number {
		return this.frozenNow;
	}

	setTimer(at: number, fn: () => void): TimerHandle {
		const timer: PendingTimer = { at, seq: this.seq++, fn, cancelled: false };
		// keep sorted by (at, seq); timers are few, a linear insert is fine
		let i = this.timers.length;
		while (i > 0 && (this.timers[i - 1]?.at ?? 0) > at) i--;
		this.timers.splice(i, 0, timer);
		this.schedule();
		return {
			cancel: () => {
				timer.cancelled = true;
				const ix = this.timers.indexOf(timer);
				if (ix >= 0) this.timers.splice(ix, 1);
			},
		};
	}

	track<T>(work: Promise<T>): Promise<T> {
		this.inflight++;
		const done = () => {
			this.inflight--;
			if (this.lowWaiters.length) {
				const ready = this.lowWaiters.filter((w) => this.inflight <= w.at);
				if (ready.length) this.lowWaiters = this.lowWaiters.filter((w) => this.inflight > w.at);
				for (const w of ready) w.resolve();
			}
			if (this.inflight === 0) {
				const waiters = this.idleWaiters.splice(0);
				for (const w of waiters) w();
			}
		};
		work.then(done, done);
		return work;
	}

	/** Fires timers that are already due outside `advance` (a timer set for "now"). */
	private schedule(): void {
		if (this.advancing) return;
		this.wake?.cancel();
		this.wake = undefined;
		const first = this.timers[0];
		if (!first) return;
		const run = () => {
			this.wake = undefined;
			this.fireDue(this.now());
			this.schedule();
		};
		if (first.at <= this.now()) {
			const h = setImmediate(run);
			this.wake = { cancel: () => clearImmediate(h) };
		}
	}

	/** Fires timers due by `until` in order, at most `limit` of them; true if any fired. */
	private fireDue(until: number, limit = Number.POSITIVE_INFINITY): boolean {
		let fired = 0;
		while (fired < limit && this.timers.length && (this.timers[0]?.at ?? Number.POSITIVE_INFINITY) <= until) {
			const t = this.timers.shift()!;
			if (t.cancelled) continue;
			fired++;
			t.fn();
		}
		return fired > 0;
	}

	private idle(): Promise<void> {
		if (this.inflight === 0) return Promise.resolve();
		return new Promise((r) => this.idleWaiters.push(r));
	}

	/** Resolves once the work in flight has dropped to `n` (at once if it has). */
	private below(n: number): Promise<void> {
		if (this.inflight <= n) return Promise.resolve();
		return new Promise((resolve) => this.lowWaiters.push({ at: n, resolve }));
	}

	/** A timer is due by `until` (cancelled timers leave the list at once; it is sorted by time). */
	private hasDue(until: number): boolean {
		return (this.timers[0]?.at ?? Number.POSITIVE_INFINITY) <= until;
	}

	async settle(): Promise<void> {
		// Work may start from I/O callbacks or immediates: wait until nothing is in flight across a few turns.
		const window = this.options.window ?? advanceWindow();
		for (let quiet = 0; quiet < 3; ) {
			await new Promise((r) => setImmediate(r));
			if (this.hasDue(this.now())) {
				quiet = 0;
				// Fire while the window has room; then wait until half of it is free again.
				while (this.inflight < window && this.fireDue(this.now(), 1));
				await this.below(Math.floor(window / 2));
				continue;
			}
			if (this.inflight > 0) {
				quiet = 0;
				await this.idle();
				continue;
			}
			quiet++;
		}
	}

	async advance(ms: number): Promise<number> {
		if (!(ms >= 0)) throw new RangeError("advance: ms must be a non-negative number");
		this.advancing = true;
		this.wake?.cancel();
		this.wake = undefined;
		try {
			const target = this.now() + ms;
			await this.settle();
			for (;;) {
				const next = this.timers[0];
				if (!next || next.at > target) break;
				this.moveTo(Math.max(next.at, this.now()));
				// settle() fires what is due now through its window and waits until the work has settled
				await this.settle();
			}
			this.moveTo(Math.max(target, this.now()));
			await this.settle();
			return this.now();
		} finally {
			this.advancing = false;
			this.schedule();
			this.options.onAdvanced?.(this.now());
		}
	}

	private moveTo(t: number): void {
		this.frozenNow = t;
	}
}

/** Time stands still at `start` (default: the current time) and moves only by `advance`. */
export function virtualClock(start: number = Date.now(), options: VirtualClockOptions = {}): AdvanceableClock {
	return new VirtualClock(start, options);
}

/**
 * A virtual clock whose time is kept in `file` (JSON `{ now }`): it starts where the file says, or at
 * `start` when there is no file yet, and every advance rewrites it (write then rename), so a restart
 * on the same data dir goes on from the time it had reached instead of going back to `start`.
 */
export function persistentVirtualClock(
	file: string,
	start: number,
	options: Omit<VirtualClockOptions, "onAdvanced"> = {},
): AdvanceableClock & { resumed: boolean } {
	let saved: number | undefined;
	try {
		const v = (JSON.parse(readFileSync(file, "utf8")) as { now?: unknown }).now;
		if (typeof v === "string" && !Number.isNaN(Date.parse(v))) saved = Date.parse(v);
	} catch {
		// no file yet (a new data dir), or unreadable: start at `start`
	}
	const save = (now: number) => {
		mkdirSync(dirname(file), { recursive: true });
		const tmp = `${file}.tmp`;
		writeFileSync(tmp, `${JSON.stringify({ now: new Date(now).toISOString() })}\n`);
		renameSync(tmp, file);
	};
	const clock = new VirtualClock(saved ?? start, { ...options, onAdvanced: save });
	if (saved === undefined) save(start);
	return Object.assign(clock, { resumed: saved !== undefined });
}

export function isAdvanceable(clock: Clock): clock is AdvanceableClock {
	return typeof (clock as Partial<AdvanceableClock>).advance === "function";
}

/** Milliseconds from a `POST /local/clock/advance` body: `{days}`, `{hours}`, `{minutes}`, `{seconds}` (summed). */
export function advanceMsFromBody(body: unknown): number {
	if (!body || typeof body !== "object")
		throw new RangeError('body must be an object like {"days": 1} or {"seconds": 30}');
	const b = body as Record<string, unknown>;
	const units: [string, number][] = [
		["days", 86_400_000],
		["hours", 3_600_000],
		["minutes", 60_000],
		["seconds", 1000],
	];
	let ms = 0;
	let seen = false;
	for (const [key, factor] of units) {
		const v = b[key];
		if (v === undefined) continue;
		if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
			throw new RangeError(`${key} must be a non-negative number`);
		ms += v * factor;
		seen = true;
	}
	if (!seen) throw new RangeError("body must contain days, hours, minutes or seconds");
	return Math.round(ms);
}

/**
 * Node request handler for `POST /local/clock/advance` with body `{days}` or `{seconds}` (or hours,
 * minutes); answers `{now}` (ISO time) and `{nowMs}`. A clock that cannot be advanced answers 409.
 */
