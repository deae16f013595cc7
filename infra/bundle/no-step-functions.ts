/**
 * `@aws-sdk/client-sfn` in the bundle of a function whose registry entry does not set `stepFunctions`
 * (shared/specs/functions.ts): such a function has neither the IAM grant nor the state machine's ARN.
 * The shared adapters import the client (shared/aws/clients.ts, case-workflow.ts) but build it only
 * when a workflow call is made (shared/aws/deps.ts), so these bundles take this instead of ~25 KB of
 * client, and building one fails, naming the flag. The exports are the ones the adapters import: esbuild
 * refuses a bundle that imports a name missing here.
 */
class NoStepFunctions extends Error {
	constructor() {
		super("this function's registry entry does not set stepFunctions: it has no Step Functions client");
		this.name = "NoStepFunctions";
	}
}

export class SFNClient {
	constructor(_config?: unknown) {
		throw new NoStepFunctions();
	}
}

class Command {
	constructor(readonly input: unknown) {}
}
export class StartExecutionCommand extends Command {}
export class SendTaskSuccessCommand extends Command {}

export class TaskTimedOut extends Error {}
export class InvalidToken extends Error {}
