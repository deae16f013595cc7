/** Errors of the engine: workflow errors (States.*, task errors) and API errors (AWS exception names). */

/** An error raised inside a workflow: its name is matched by Retry/Catch `ErrorEquals`. */
export class StatesError extends Error {
	constructor(
		readonly error: string,
		readonly errorCause: string,
	) {
		super(`${error}: ${errorCause}`);
		this.name = "StatesError";
	}
}

/** `States.Runtime`: not retried, not caught (even by States.ALL); fails the execution. */
export function runtimeError(cause: string): StatesError {
	return new StatesError("States.Runtime", cause);
}

/** `States.QueryEvaluationError`: a JSONata expression failed or gave nothing (catchable, unlike States.Runtime). */
export function queryError(cause: string): StatesError {
	return new StatesError("States.QueryEvaluationError", cause);
}

/** The errors whose cause AWS prefixes with the state and the event that entered it. */
const LOCATED = new Set(["States.Runtime", "States.QueryEvaluationError"]);

/** AWS's cause of an error raised while executing a state: "An error occurred while executing the state 'X' (entered at the event id #N). …" */
export function locatedCause(
	error: string,
	cause: string,
	stateName: string,
	enteredEventId: number | undefined,
): string {
	if (
		!LOCATED.has(error) ||
		enteredEventId === undefined ||
		cause.startsWith("An error occurred while executing the state")
	)
		return cause;
	return `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). ${cause}`;
}

/** Errors that `States.ALL` / `States.TaskFailed` do not match. */
export const UNCATCHABLE = new Set(["States.Runtime", "States.DataLimitExceeded"]);

/** An API error: `code` is the AWS exception name the SDK maps to its exception class. */
export class SfnApiError extends Error {
	constructor(
		readonly code: string,
		message: string,
		readonly status = 400,
	) {
		super(message);
		this.name = code;
	}
}

export const apiErrors = {
	invalidToken: (m = "Invalid Token") => new SfnApiError("InvalidToken", m),
	taskTimedOut: (m = "Task Timed Out") => new SfnApiError("TaskTimedOut", m),
	taskDoesNotExist: (m = "Task does not exist") => new SfnApiError("TaskDoesNotExist", m),
	invalidArn: (m: string) => new SfnApiError("InvalidArn", m),
	invalidName: (m: string) => new SfnApiError("InvalidName", m),
	invalidDefinition: (m: string) => new SfnApiError("InvalidDefinition", m),
	invalidExecutionInput: (m: string) => new SfnApiError("InvalidExecutionInput", m),
	invalidOutput: (m: string) => new SfnApiError("InvalidOutput", m),
	executionDoesNotExist: (arn: string) =>
		new SfnApiError("ExecutionDoesNotExist", `Execution Does Not Exist: '${arn}'`),
	executionAlreadyExists: (arn: string) =>
		new SfnApiError("ExecutionAlreadyExists", `Execution Already Exists: '${arn}'`),
	stateMachineDoesNotExist: (arn: string) =>
		new SfnApiError("StateMachineDoesNotExist", `State Machine Does Not Exist: '${arn}'`),
	stateMachineAlreadyExists: (arn: string) =>
		new SfnApiError("StateMachineAlreadyExists", `State Machine Already Exists: '${arn}'`),
	validation: (m: string) => new SfnApiError("ValidationException", m),
	invalidPaginationToken: () => new SfnApiError("InvalidToken", "Invalid Pagination Token"),
};

/** What a Lambda function's failure looks like to Step Functions: error name and a JSON cause. */
export function lambdaFailure(err: unknown): { error: string; cause: string } {
	if (err instanceof StatesError) return { error: err.error, cause: err.errorCause };
	if (err instanceof Error) {
		const errorType = err.name || "Error";
		const trace = (err.stack ?? "").split("\n");
		return { error: errorType, cause: JSON.stringify({ errorMessage: err.message, errorType, trace }) };
	}
	const text = typeof err === "string" ? err : JSON.stringify(err ?? null);
	return { error: "Error", cause: JSON.stringify({ errorMessage: text, errorType: "Error", trace: [] }) };
}
