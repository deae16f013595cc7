/**
 * Map (inline): one child thread per item of `ItemsPath` (after InputPath), each on its
 * `ItemSelector` (or legacy `Parameters`) output, at most `MaxConcurrency(Path)` at once; the result
 * is the list of their outputs in item order.
 */
import { childScope, type StateDef } from "../definition.ts";
import { runtimeError } from "../errors.ts";
import { query } from "../jsonpath.ts";
import { applyInputPath, evaluateTemplate } from "../paths.ts";
import type { Thread } from "../types.ts";
import type { BranchesPhase, StateHandler, StateRuntime } from "./state.ts";

export const map: StateHandler = {
	enter(rt, t, st) {
		const ctx = rt.context(t);
		const afterInput = applyInputPath(st.InputPath, t.input, ctx);
		const items = st.ItemsPath !== undefined ? query(st.ItemsPath, afterInput, ctx) : afterInput;
		if (!Array.isArray(items)) throw runtimeError(`Map state input must be an array, got ${JSON.stringify(items)}`);
		const selector = st.ItemSelector ?? st.Parameters;
		const inputs = items.map((value, index) =>
			selector === undefined
				? value
				: evaluateTemplate(selector, afterInput, rt.context(t, { item: { Index: index, Value: value } })),
		);
		let max = st.MaxConcurrency ?? 0;
		if (st.MaxConcurrencyPath !== undefined) {
			const m = query(st.MaxConcurrencyPath, afterInput, ctx);
			if (typeof m !== "number" || !Number.isInteger(m) || m < 0)
				throw runtimeError(`MaxConcurrencyPath must select a non-negative integer, got ${JSON.stringify(m)}`);
			max = m;
		}
		rt.emit(t, "MapStateStarted", { length: inputs.length });
		const phase: BranchesPhase = {
			k: "branches",
			results: inputs.map(() => null),
			pending: inputs.length,
			next: 0,
			running: 0,
			max,
		};
		if (max > 0 && inputs.length > max) phase.items = inputs;
		rt.setPhase(t, phase);
		if (!inputs.length) {
			rt.emit(t, "MapStateSucceeded");
			rt.completeTask(t, []);
			return;
		}
		const first = max > 0 ? Math.min(max, inputs.length) : inputs.length;
		for (let i = 0; i < first; i++) spawnItem(rt, t, st, i, inputs[i]);
		phase.next = first;
	},

	childSucceeded(rt, parent, st, child, output) {
		const phase = parent.phase as BranchesPhase;
		phase.results[child.index ?? 0] = output;
		phase.pending--;
		rt.emit(parent, "MapIterationSucceeded", { name: parent.state, index: child.index ?? 0 });
		phase.running = (phase.running ?? 1) - 1;
		const next = phase.next ?? 0;
		if (phase.items && next < phase.items.length) {
			phase.next = next + 1;
			spawnItem(rt, parent, st, next, phase.items[next]);
		}
		if (phase.pending === 0) {
			rt.emit(parent, "MapStateSucceeded");
			rt.completeTask(parent, phase.results);
		}
	},

	childFailed(rt, parent, _st, child) {
		rt.emit(parent, "MapIterationFailed", { name: parent.state, index: child.index ?? 0 });
		rt.emit(parent, "MapStateFailed");
	},
};

function spawnItem(rt: StateRuntime, t: Thread, st: StateDef, index: number, input: unknown): void {
	const proc = (st.ItemProcessor ?? st.Iterator)!;
	rt.emit(t, "MapIterationStarted", { name: t.state, index });
	const phase = t.phase as BranchesPhase;
	phase.running = (phase.running ?? 0) + 1;
	rt.spawn({
		scope: childScope(t.scope, t.state, "map"),
		state: proc.StartAt,
		input,
		parent: t.id,
		index,
		lastEvent: t.lastEvent,
		phase: { k: "ready" },
	});
}
