/**
 * The context object `$$` (JSONata: `$states.context`) of a state, shaped and ordered as AWS gives
 * it: Execution {Id, Input, StartTime, Name, RoleArn, RedriveCount}, StateMachine {Id, Name}, State
 * {Name, EnteredTime, and RetryCount in Task, Parallel and Map states}, Task {Token} in callback
 * tasks, Map {Item {Index, Value}} in ItemSelector. Times are ISO 8601 with milliseconds and `Z`.
 */
import type { ContextExtra } from "./states/state.ts";
import type { ExecutionDoc, Thread } from "./types.ts";

const iso = (ms: number) => new Date(ms).toISOString();

export function contextObject(
	doc: ExecutionDoc,
	executionInput: unknown,
	t: Thread,
	stateType: string,
	extra: ContextExtra | undefined,
): Record<string, unknown> {
	const retries = stateType === "Task" || stateType === "Parallel" || stateType === "Map";
	return {
		Execution: {
			Id: doc.arn,
			Input: executionInput,
			StartTime: iso(doc.startMs),
			Name: doc.name,
			RoleArn: doc.roleArn,
			RedriveCount: 0,
		},
		StateMachine: { Id: doc.smArn, Name: doc.smName },
		State: {
			Name: t.state,
			EnteredTime: iso(t.entered),
			...(retries ? { RetryCount: (t.retries ?? []).reduce((a, b) => a + b, 0) } : {}),
		},
		...(extra?.token ? { Task: { Token: extra.token } } : {}),
		...(extra?.item ? { Map: { Item: extra.item } } : {}),
	};
}
