/**
 * The virtual clock's advance fires due timers through a bounded window of work in flight: never more
 * than the window at once, refilled as work settles (no pause for a whole batch), in time order, and
 * the advance answers only once everything it set off has settled — follow-up timers it set within
 * the advance included.
 */
import { describe, expect, it } from "vitest";
import { virtualClock } from "#local/clock.ts";

const START = Date.parse("2024-03-01T01:00:00Z");
const DAY = 86_400_000;

/** Work that takes `ms` of real time, tracked by the clock; counts how many run at once. */
function tracker(clock: ReturnType<typeof virtualClock>) {
	let running = 0;
	let peak = 0;
	const run = (ms: number) => {
		running++;
		peak = Math.max(peak, running);
		return clock.track(new Promise<void>((r) => setTimeout(r, ms)).finally(() => running--));
	};
	return { run, peak: () => peak, running: () => running };
}

describe("the virtual clock's advance", () => {
	it("keeps at most the window of work in flight and refills it as work settles", async () => {
		const clock = virtualClock(START, { window: 8 });
		const work = tracker(clock);
		const fired: number[] = [];
		for (let i = 0; i < 100; i++)
			clock.setTimer(START + DAY, () => {
				fired.push(i);
				// uneven durations: a batch would wait for its slowest
				void work.run(i % 10 === 0 ? 40 : 2);
			});
		await clock.advance(2 * DAY);
		expect(fired).toEqual(Array.from({ length: 100 }, (_, i) => i));
		expect(work.peak()).toBeLessThanOrEqual(8);
		expect(work.peak()).toBeGreaterThan(4);
		expect(work.running()).toBe(0);
	});

	it("fires in time order and includes follow-up timers that fall within the advance, each once", async () => {
		const clock = virtualClock(START, { window: 4 });
		const work = tracker(clock);
		const log: string[] = [];
		const chase = (id: number, at: number, left: number) =>
			clock.setTimer(at, () => {
				log.push(`${id}@${(clock.now() - START) / DAY}`);
				void work.run(1).then(() => {
					if (left > 1) chase(id, at + 5 * DAY, left - 1);
				});
			});
		for (let id = 0; id < 10; id++) chase(id, START + 16 * DAY, 10);
		await clock.advance(31 * DAY);
		// days 16, 21, 26, 31 within the advance; day 36 is not
		expect(log).toHaveLength(40);
		for (let id = 0; id < 10; id++)
			expect(log.filter((l) => l.startsWith(`${id}@`))).toEqual([`${id}@16`, `${id}@21`, `${id}@26`, `${id}@31`]);
		const days = log.map((l) => Number(l.split("@")[1]));
		expect(days).toEqual([...days].sort((a, b) => a - b));
		expect(clock.now()).toBe(START + 31 * DAY);
		expect(work.running()).toBe(0);
	});
});
