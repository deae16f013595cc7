/** The state types, each a `StateHandler`: the runtime core dispatches on `Type`. */
import type { StateDef } from "../definition.ts";
import { choice } from "./choice.ts";
import { fail } from "./fail.ts";
import { map } from "./map.ts";
import { parallel } from "./parallel.ts";
import { pass } from "./pass.ts";
import type { StateHandler } from "./state.ts";
import { succeed } from "./succeed.ts";
import { task } from "./task.ts";
import { wait } from "./wait.ts";

export const stateHandlers: Readonly<Record<StateDef["Type"], StateHandler>> = {
	Pass: pass,
	Task: task,
	Choice: choice,
	Wait: wait,
	Succeed: succeed,
	Fail: fail,
	Parallel: parallel,
	Map: map,
};

export type { Effect, StateHandler, StateRuntime, TimerKind } from "./state.ts";
