/**
 * Map (inline): one child thread per item — JSONPath: of `ItemsPath` (after InputPath); JSONata: of
 * `Items` (default: the input) — each on its `ItemSelector` (or legacy `Parameters`) output, at most
 * `MaxConcurrency(Path)` at once; the result is the list of their outputs in item order. Each
 * iteration has its own variables and reads the enclosing ones.
 */
import { childScope, type StateDef } from "../definition.ts";
import { queryError, runtimeError } from "../errors.ts";
import { evaluateJsonata, expectType } from "../jsonata.ts";
import { query } from "../jsonpath.ts";
import { applyInputPath, evaluateTemplate } from "../paths.ts";
import type { Thread } from "../types.ts";
import { bindings, fieldValue, isJsonata } from "./dataflow.ts";
import type { BranchesPhase, StateHandler, StateRuntime } from "./state.ts";

const show = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** MaxConcurrencyPath's value: an integer ≥ 0, or a string of one (as AWS reads it). */
function concurrencyOf(v: unknown, path: string): number {
	const n = typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : v;
	if (typeof n !== "number" || !Number.isInteger(n) || n < 0)
		throw runtimeError(
			`The MaxConcurrencyPath field refers to value "${show(v)}" which is not a valid integer: ${path}`,
		);
	return n;
}

function itemsOf(rt: StateRuntime, t: Thread, st: StateDef): { items: unknown[]; selectorInput: unknown } {
	if (isJsonata(rt, st)) {
		const items = st.Items === undefined ? t.input : evaluateJsonata(st.Items, bindings(rt, t), "Items");
		if (st.Items === undefined && !Array.isArray(items))
			throw queryError(`Map state input must be an array but was: ${JSON.stringify(items)}`);
		expectType(items, "array", st.Items, "Items");
		return { items: items as unknown[], selectorInput: t.input };
	}
	const ctx = rt.context(t);
	const afterInput = applyInputPath(st.InputPath, t.input, ctx);
	const items = st.ItemsPath !== undefined ? query(st.ItemsPath, afterInput, ctx) : afterInput;
	if (!Array.isArray(items)) throw runtimeError(`Map state input must be an array but was: ${JSON.stringify(items)}`);
	return { items, selectorInput: afterInput };
}

export const map: StateHandler = {
	enter(rt, t, st) {
		const jsonata = isJsonata(rt, st);
		const { items, selectorInput } = itemsOf(rt, t, st);
		const selector = st.ItemSelector ?? st.Parameters;
		const inputs = items.map((value, index) => {
			if (selector === undefined) return value;
			const item = { item: { Index: index, Value: value } };
			return jsonata
				? evaluateJsonata(selector, bindings(rt, t, {}, item), "ItemSelector")
				: evaluateTemplate(selector, selectorInput, rt.context(t, item));
		});
		let max = 0;
		if (st.MaxConcurrency !== undefined) {
			const m = fieldValue(rt, t, st, "MaxConcurrency", st.MaxConcurrency);
			if (typeof m !== "number" || !Number.isInteger(m) || m < 0)
				throw queryError(`The MaxConcurrency field must be a non-negative integer, got: ${show(m)}`);
			max = m;
		} else if (st.MaxConcurrencyPath !== undefined) {
			const ctx = rt.context(t);
			max = concurrencyOf(
				query(st.MaxConcurrencyPath, applyInputPath(st.InputPath, t.input, ctx), ctx),
				st.MaxConcurrencyPath,
			);
		}
		rt.emit(t, "MapStateStarted", { length: inputs.length });
		const phase: BranchesPhase = {
			kind: "branches",
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
		phase: { kind: "ready" },
	});
}
