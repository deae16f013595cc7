/**
 * The whole AWS home, built from the shared specs. app.ts runs it for `cdk synth`/`deploy`; the infra
 * test builds the same stacks, so what the test checks is what gets deployed.
 */
import type { App, Environment } from "aws-cdk-lib";
import { type FunctionSpec, functions } from "#shared/specs/functions.ts";
import { type RouteSpec, routes } from "#shared/specs/routes.ts";
import { appTables, type TableSpec } from "#shared/specs/tables.ts";
import { type WorkflowSpec, workflows } from "#shared/specs/workflows.ts";
import { acknowledgeFindings } from "./nag.ts";
import { type Stage, stackName, stageOf } from "./stage.ts";
import { StatefulStack } from "./stateful-stack.ts";
import { StatelessStack } from "./stateless-stack.ts";

export interface Specs {
	readonly tables: readonly TableSpec[];
	readonly functions: Readonly<Record<string, FunctionSpec>>;
	readonly routes: readonly RouteSpec[];
	readonly workflows: readonly WorkflowSpec[];
}

export const specs: Specs = { tables: appTables, functions, routes, workflows };

export interface SystemStacks {
	readonly stage: Stage;
	readonly stateful: StatefulStack;
	readonly stateless: StatelessStack;
}

/** The stage comes from the app's context (`-c stage=dev|prod`, default dev). */
export function buildStacks(app: App, from: Specs = specs, env?: Environment): SystemStacks {
	const stage = stageOf(app.node.tryGetContext("stage"));
	const stateful = new StatefulStack(app, stackName(stage, "Stateful"), {
		env,
		stage,
		description: "Petition (信访) system: tables and staff identities",
		tables: from.tables,
	});
	const stateless = new StatelessStack(app, stackName(stage, "Stateless"), {
		env,
		stage,
		description: "Petition (信访) system: functions, case workflow and HTTP API",
		tables: stateful.tables,
		dataKey: stateful.dataKey,
		evidence: stateful.evidence,
		userPool: stateful.userPool,
		waf: app.node.tryGetContext("waf") === true || app.node.tryGetContext("waf") === "true",
		functions: from.functions,
		routes: from.routes,
		workflows: from.workflows,
	});
	const stacks = { stage, stateful, stateless };
	// The infra test builds once without them, to prove each still matches a finding.
	if (app.node.tryGetContext("nag:acknowledge") !== false) acknowledgeFindings(stacks);
	return stacks;
}
