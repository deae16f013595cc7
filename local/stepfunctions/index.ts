/**
 * Embedded AWS Step Functions engine for the local home (docs/engine.md has the details).
 *
 *   import { createDynamoDbStore, createEngine, createSfnHandler } from "#local/stepfunctions/index.ts";
 *
 *   const engine = createEngine({
 *     store: createDynamoDbStore({ prefix }),          // or createMemoryStore()
 *     clock,                                           // #local/clock.ts; real time by default
 *     invoke: (functionName, payload) => handlers[functionName](payload),
 *     definitionSubstitutions: { OpenTaskFunction: "arn:aws:lambda:local:000000000000:function:openTask" },
 *   });
 *   await engine.start();                              // creates its tables, resumes running executions
 *   const sfn = createSfnHandler(engine);              // AWS JSON 1.0 protocol; local/system.ts mounts
 *                                                      // it on the gateway at /local/sfn
 *
 * Engine methods mirror the API (createStateMachine, startExecution, describeExecution,
 * listExecutions, stopExecution, getExecutionHistory, sendTaskSuccess/Failure/Heartbeat, …) with
 * @aws-sdk/client-sfn input/output shapes. `startSfnServer({ engine, port })` serves the API alone.
 * JSONPath and JSONata query languages, workflow variables; no Distributed Map.
 */
import { Engine, type EngineOptions } from "./engine.ts";

export {
	type RequestHandler,
	type SfnServer,
	createSfnHandler,
	sfnInProcess,
	startSfnServer,
	supportedOperations,
} from "./api-server.ts";
export { substitute, validateDefinition } from "./definition.ts";
export { Engine, type EngineOptions } from "./engine.ts";
export { SfnApiError, StatesError } from "./errors.ts";
export type { InvokeContext, InvokeFn, ResourceHandler } from "./interpreter.ts";
export { createDynamoDbStore, type DynamoDbStoreOptions } from "./store-dynamodb.ts";
export { createMemoryStore } from "./store-memory.ts";
export { sfnTableName, sfnTables } from "./tables.ts";
export type { EngineStore, ExecutionStatus } from "./types.ts";

/** Creates an engine; call `start()` before use (it resumes executions left running). */
export function createEngine(options: EngineOptions): Engine {
	return new Engine(options);
}
