/**
 * The local stand-in for EventBridge schedule rules: every registry function with a `schedule` runs
 * every `localEverySeconds` (real time) in this process, one run at a time; a failed run is logged and
 * the next one comes as usual.
 */
import { logLocalError } from "#local/log.ts";
import { invokeFunction } from "#local/functions.ts";
import { functionNames, functions } from "#shared/specs/functions.ts";

export interface Schedules {
	/** Runs every scheduled function once now (tests; the reconciler right after a restart). */
	runAll(): Promise<void>;
	stop(): Promise<void>;
}

export function startSchedules(): Schedules {
	const scheduled = functionNames.flatMap((name) => {
		const spec = functions[name];
		return "schedule" in spec && spec.schedule ? [{ name, everyMs: spec.schedule.localEverySeconds * 1000 }] : [];
	});
	const running = new Map<string, Promise<void>>();
	// What was written before this process started is nobody's work in flight any more (the reconciler
	// starts the executions of such cases at once rather than after its grace period).
	const startedAt = Date.now();
	const run = (name: string, event: object = {}): Promise<void> => {
		const busy = running.get(name);
		if (busy) return busy;
		const p = invokeFunction(name, event)
			.then(() => undefined)
			.catch((err: unknown) => logLocalError(`scheduled ${name}`, err))
			.finally(() => running.delete(name));
		running.set(name, p);
		return p;
	};
	const timers = scheduled.map(({ name, everyMs }) => setInterval(() => void run(name), everyMs).unref());
	// Once soon after start as well: after a crash, hand-overs that were lost with it are done at once.
	timers.push(setTimeout(() => void runAll(), 2000).unref());
	const runAll = async () => {
		await Promise.all(scheduled.map(({ name }) => run(name, { startsWrittenBefore: startedAt })));
	};
	return {
		runAll,
		stop: async () => {
			for (const t of timers) clearInterval(t);
			await Promise.all(running.values());
		},
	};
}
