/** The context object `$$` of a state: the execution, the state, the state machine, the task token, the Map item. */
import type { ContextExtra } from "./states/state.ts";
import type { ExecutionDoc, Thread } from "./types.ts";

const iso = (ms: number) => new Date(ms).toISOString();

export function contextObject(
	doc: ExecutionDoc,
	executionInput: unknown,
	t: Thread,
	extra: ContextExtra | undefined,
): Record<string, unknown> {
	return {
		Execution: {
			Id: doc.arn,
			Input: executionInput,
			Name: doc.name,
			RoleArn: doc.roleArn,
			StartTime: iso(doc.startMs),
			RedriveCount: 0,
		},
		State: { EnteredTime: iso(t.entered), Name: t.state, RetryCount: (t.retries ?? []).reduce((a, b) => a + b, 0) },
		StateMachine: { Id: doc.smArn, Name: doc.smName },
		...(extra?.token ? { Task: { Token: extra.token } } : {}),
		...(extra?.item ? { Map: { Item: extra.item } } : {}),
	};
}
