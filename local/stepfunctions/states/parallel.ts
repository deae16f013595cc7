/**
 * Parallel: every branch runs as a child thread on the effective input; the state's result is the
 * list of their outputs, or it fails with the first branch that fails (the others are stopped). Each
 * branch has its own variables and reads the enclosing ones.
 */
import { childScope } from "../definition.ts";
import { stateInput } from "./dataflow.ts";
import type { BranchesPhase, StateHandler } from "./state.ts";

export const parallel: StateHandler = {
	enter(rt, t, st) {
		const eff = stateInput(rt, t, st);
		const branches = st.Branches ?? [];
		rt.emit(t, "ParallelStateStarted");
		rt.setPhase(t, { kind: "branches", results: branches.map(() => null), pending: branches.length });
		if (!branches.length) {
			rt.emit(t, "ParallelStateSucceeded");
			rt.completeTask(t, []);
			return;
		}
		branches.forEach((b, i) => {
			rt.spawn({
				scope: childScope(t.scope, t.state, i),
				state: b.StartAt,
				input: eff,
				parent: t.id,
				index: i,
				lastEvent: t.lastEvent,
				phase: { kind: "ready" },
			});
		});
	},

	childSucceeded(rt, parent, _st, child, output) {
		const phase = parent.phase as BranchesPhase;
		phase.results[child.index ?? 0] = output;
		phase.pending--;
		if (phase.pending === 0) {
			rt.emit(parent, "ParallelStateSucceeded");
			rt.completeTask(parent, phase.results);
		}
	},

	childFailed(rt, parent) {
		rt.emit(parent, "ParallelStateFailed");
	},
};
