/**
 * The AWS home is built from the same specs as the local home: every table of the table spec, every
 * function of the registry, every workflow of the workflow spec and every route of the route table must
 * appear in the synthesized templates, with the keys, grants and authorizers the specs call for.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, type Environment, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import type { CfnFunction } from "aws-cdk-lib/aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import aslValidator from "asl-validator";
import { RegistryFunction, projectRoot } from "#infra/constructs/registry-function.ts";
import { placeholders } from "#infra/constructs/spec-workflow.ts";
import { buildStacks, type Specs, specs, type SystemStacks } from "#infra/stacks.ts";
import { stages } from "#infra/stage.ts";
import { apiThrottle } from "#infra/stateless-stack.ts";
import { roleSchema } from "#shared/domain/roles.ts";
import { publicWriteLimitPer5Min } from "#infra/constructs/web-distribution.ts";
import { startGateway } from "#local/gateway.ts";
import { staticFiles } from "#local/static.ts";
import { environmentOf } from "#shared/aws/env.ts";
import { type FunctionName, writeOperations } from "#shared/specs/functions.ts";
import type { TableSpec } from "#shared/specs/tables.ts";
import { cdkContext, testApp } from "../support/cdk.ts";

/** The app as cdk.json configures it, except that no stack bundles: synthesis stays fast. */
function synthesize(from: Specs = specs, context: Record<string, unknown> = {}, env?: Environment) {
	const app = testApp(context);
	const stacks = buildStacks(app, from, env);
	return {
		stacks,
		stateful: Template.fromStack(stacks.stateful),
		stateless: Template.fromStack(stacks.stateless),
	};
}

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }>;

const attributeTypes = (spec: TableSpec) => {
	const keys = [spec.partition, spec.sort, ...spec.indexes.flatMap((i) => [i.partition, i.sort])];
	const byName = new Map(keys.filter((k) => k !== undefined).map((k) => [k.name, k.type]));
	return [...byName].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
};

const keySchema = (k: Pick<TableSpec, "partition" | "sort">) => [
	{ AttributeName: k.partition.name, KeyType: "HASH" },
	...(k.sort ? [{ AttributeName: k.sort.name, KeyType: "RANGE" }] : []),
];

const functionLogicalId = (stacks: SystemStacks, name: string) => {
	const fn = stacks.stateless.functions.get(name);
	if (!fn) throw new Error(`no function ${name}`);
	return stacks.stateless.getLogicalId(fn.fn.node.defaultChild as CfnFunction);
};

const stateMachineLogicalId = (stacks: SystemStacks, id: string) => {
	const w = stacks.stateless.workflows.get(id);
	if (!w) throw new Error(`no workflow ${id}`);
	return stacks.stateless.getLogicalId(w.stateMachine.node.defaultChild as any);
};

type Statement = { Action: string | string[]; Resource: unknown };

/** Every policy statement attached to the role with this logical id. */
const statementsOfRole = (resources: Resources, roleId: string): Statement[] =>
	Object.values(resources)
		.filter((r) => r.Type === "AWS::IAM::Policy" && JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`))
		.flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);

const tableLogicalId = (stacks: SystemStacks, id: string) => {
	const t = stacks.stateful.tables.get(id);
	if (!t) throw new Error(`no table ${id}`);
	return stacks.stateful.getLogicalId(t.table.node.defaultChild as any);
};

/** The stream ARN of a table as the stateless stack refers to it (a cross-stack reference), if it streams. */
const streamArnOf = (stacks: SystemStacks, id: string): string | undefined => {
	const t = stacks.stateful.tables.get(id);
	if (!t) throw new Error(`no table ${id}`);
	return t.table.tableStreamArn === undefined
		? undefined
		: JSON.stringify(stacks.stateless.resolve(t.table.tableStreamArn));
};

const streamFunctions = Object.entries(specs.functions).flatMap(([name, spec]) =>
	spec.stream ? [[name, spec.stream] as const] : [],
);

describe("AWS home synthesized from the shared specs", () => {
	let built: ReturnType<typeof synthesize>;
	beforeAll(() => {
		built = synthesize();
	});

	it("creates every table of the table spec with its keys, indexes, stream and TTL", () => {
		// Prepare
		const resources = built.stateful.toJSON().Resources as Resources;

		// Act / Assess
		built.stateful.resourceCountIs("AWS::DynamoDB::Table", specs.tables.length);
		for (const spec of specs.tables) {
			const table = resources[tableLogicalId(built.stacks, spec.id)];
			expect(table?.Type, spec.id).toBe("AWS::DynamoDB::Table");
			expect(table?.DeletionPolicy, spec.id).toBe("Delete");
			const p = table!.Properties;
			expect(p.KeySchema, spec.id).toEqual(keySchema(spec));
			expect(p.AttributeDefinitions, spec.id).toEqual(expect.arrayContaining(attributeTypes(spec)));
			expect(p.AttributeDefinitions, spec.id).toHaveLength(attributeTypes(spec).length);
			expect(p.BillingMode, spec.id).toBe("PAY_PER_REQUEST");
			expect(p.PointInTimeRecoverySpecification, spec.id).toEqual({ PointInTimeRecoveryEnabled: true });
			expect(p.GlobalSecondaryIndexes ?? [], spec.id).toEqual(
				spec.indexes.map((i) => ({
					IndexName: i.name,
					KeySchema: keySchema(i),
					Projection: { ProjectionType: "INCLUDE", NonKeyAttributes: i.projection },
				})),
			);
			expect(p.StreamSpecification, spec.id).toEqual(spec.stream ? { StreamViewType: spec.stream.view } : undefined);
			expect(p.TimeToLiveSpecification, spec.id).toEqual(
				spec.ttlAttribute ? { AttributeName: spec.ttlAttribute, Enabled: true } : undefined,
			);
		}
	});

	it("encrypts every table and every log group with the customer-managed key, which rotates", () => {
		// Prepare
		const stateful = built.stateful.toJSON().Resources as Resources;
		const stateless = built.stateless.toJSON().Resources as Resources;
		const keyId = built.stacks.stateful.getLogicalId(built.stacks.stateful.dataKey.node.defaultChild as any);

		// Act / Assess
		built.stateful.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
		for (const t of Object.values(stateful).filter((r) => r.Type === "AWS::DynamoDB::Table")) {
			expect(t.Properties.SSESpecification).toEqual({
				SSEEnabled: true,
				SSEType: "KMS",
				KMSMasterKeyId: { "Fn::GetAtt": [keyId, "Arn"] },
			});
		}
		const logGroups = Object.values({ ...stateful, ...stateless }).filter((r) => r.Type === "AWS::Logs::LogGroup");
		expect(logGroups.length).toBeGreaterThan(Object.keys(specs.functions).length);
		for (const g of logGroups)
			expect(JSON.stringify(g.Properties.KmsKeyId), JSON.stringify(g.Properties.LogGroupName)).toContain(keyId);
	});

	it("creates one Node 24 arm64 function per registry entry, bound to exactly the tables it declares", () => {
		// Prepare
		const resources = built.stateless.toJSON().Resources as Resources;
		const policies = Object.values(resources).filter((r) => r.Type === "AWS::IAM::Policy");

		// Act / Assess
		// The registry's functions (Node 24); the pages' deployment brings CDK's own (Python) function.
		const registry = Object.values(resources).filter(
			(r) => r.Type === "AWS::Lambda::Function" && r.Properties.Runtime === "nodejs24.x",
		);
		expect(registry).toHaveLength(Object.keys(specs.functions).length);
		for (const [name, spec] of Object.entries(specs.functions)) {
			const fnId = functionLogicalId(built.stacks, name);
			const fn = resources[fnId]!.Properties;
			expect(fn.Runtime, name).toBe("nodejs24.x");
			expect(fn.Architectures, name).toEqual(["arm64"]);
			expect(fn.Handler, name).toBe("index.handler");
			expect(fn.LoggingConfig?.LogGroup, name).toBeDefined();

			const env = fn.Environment.Variables as Record<string, unknown>;
			const roleId = fn.Role["Fn::GetAtt"][0] as string;
			const statements = policies
				.filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId))
				.flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);

			for (const table of specs.tables) {
				const tableId = tableLogicalId(built.stacks, table.id);
				// Stream read (a stream consumer's grant) is on the stream ARN, checked with the mappings.
				const streamArn = streamArnOf(built.stacks, table.id);
				const onTable = statements.filter(
					(s) =>
						JSON.stringify(s.Resource).includes(tableId) &&
						!(streamArn && JSON.stringify(s.Resource).includes(streamArn)),
				);
				const itemActions = onTable
					.filter((s) => !JSON.stringify(s.Resource).includes("/index/"))
					.flatMap((s) => [s.Action].flat());
				const indexResources = onTable.filter((s) => JSON.stringify(s.Resource).includes("/index/"));
				const declared = spec.tables.find((t) => t.table.id === table.id);
				if (!declared) {
					expect(env[table.envVar], `${name} must not see ${table.id}`).toBeUndefined();
					expect(onTable, `${name} must not touch ${table.id}`).toEqual([]);
					continue;
				}
				expect(JSON.stringify(env[table.envVar]), `${name} ${table.envVar}`).toContain(tableId);
				// Exactly the declared operations on the items, and Query on exactly the declared indexes.
				expect(itemActions.sort(), `${name} on ${table.id}`).toEqual(
					declared.does.map((op) => `dynamodb:${op}`).sort(),
				);
				const queried = indexResources
					.flatMap((s) => [s.Resource].flat())
					.map((r) => JSON.stringify(r).match(/\/index\/(\w+)/)?.[1]);
				expect(queried.sort(), `${name} queries on ${table.id}`).toEqual([...(declared.queries ?? [])].sort());
				for (const s of indexResources)
					expect([s.Action].flat(), `${name} on ${table.id}'s indexes`).toEqual(["dynamodb:Query"]);
			}

			// The key: Decrypt for every function with a table, Encrypt/GenerateDataKey only for writers, through DynamoDB only.
			const kms = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith("kms:")));
			const writes = spec.tables.some((t) => t.does.some((op) => writeOperations.includes(op)));
			if (spec.tables.length === 0) expect(kms, name).toEqual([]);
			for (const s of kms.filter((s) => JSON.stringify(s).includes("dynamodb."))) {
				expect([s.Action].flat().sort(), name).toEqual(
					["kms:Decrypt", "kms:DescribeKey", ...(writes ? ["kms:Encrypt", "kms:GenerateDataKey"] : [])].sort(),
				);
			}
			// Nothing broader: no Scan, DeleteItem or batch writes that were not declared, no wildcard actions.
			const declaredOps = new Set(spec.tables.flatMap((t) => t.does.map((op) => `dynamodb:${op}`)));
			const dynamo = statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith("dynamodb:"));
			for (const a of ["dynamodb:Scan", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem"]) {
				if (!declaredOps.has(a)) expect(dynamo, `${name} must not ${a}`).not.toContain(a);
			}
			expect(
				statements.flatMap((s) => [s.Action].flat()).filter((a) => a.endsWith("*")),
				name,
			).toEqual([]);
		}
	});

	it("creates one HTTP API route per route-table entry, on its function, public ones without authorizer", () => {
		// Prepare
		const resources = built.stateless.toJSON().Resources as Resources;

		// Act / Assess
		// The route table's routes, plus $default.
		built.stateless.resourceCountIs("AWS::ApiGatewayV2::Route", specs.routes.length + 1);
		for (const route of specs.routes) {
			const key = `${route.method} ${route.path}`;
			const found = Object.values(resources).filter(
				(r) => r.Type === "AWS::ApiGatewayV2::Route" && r.Properties.RouteKey === key,
			);
			expect(found, key).toHaveLength(1);
			const props = found[0]!.Properties;
			expect(props.AuthorizationType, key).toBe(route.auth === "public" ? "NONE" : "JWT");

			const integrationId = JSON.stringify(props.Target).match(/"Ref":"([^"]+)"/)?.[1];
			const integration = resources[integrationId ?? ""]?.Properties;
			expect(JSON.stringify(integration?.IntegrationUri), key).toContain(
				functionLogicalId(built.stacks, route.function),
			);
		}
	});

	it("sends every request no route takes to the $default route's function, which is public and has no other route", () => {
		// Prepare
		const resources = built.stateless.toJSON().Resources as Resources;

		// Act
		const found = Object.values(resources).filter(
			(r) => r.Type === "AWS::ApiGatewayV2::Route" && r.Properties.RouteKey === "$default",
		);

		// Assess
		expect(found).toHaveLength(1);
		expect(found[0]!.Properties.AuthorizationType ?? "NONE").toBe("NONE");
		const integrationId = JSON.stringify(found[0]!.Properties.Target).match(/"Ref":"([^"]+)"/)?.[1];
		expect(JSON.stringify(resources[integrationId ?? ""]?.Properties.IntegrationUri)).toContain(
			functionLogicalId(built.stacks, "routeNotFound"),
		);
		expect(specs.routes.filter((r) => r.function === "routeNotFound")).toEqual([]);
	});

	it("throttles the stage, and each public POST route below it; logs every request as JSON without paths", () => {
		// Prepare
		const stage = Object.values(built.stateless.toJSON().Resources as Resources).find(
			(r) => r.Type === "AWS::ApiGatewayV2::Stage",
		)!.Properties;
		const publicPosts = specs.routes.filter((r) => r.auth === "public" && r.method === "POST");

		// Act
		const format = JSON.parse(stage.AccessLogSettings.Format) as Record<string, string>;

		// Assess
		expect(stage.DefaultRouteSettings).toEqual({
			ThrottlingRateLimit: apiThrottle.ratePerSecond,
			ThrottlingBurstLimit: apiThrottle.burst,
		});
		expect(publicPosts.length).toBeGreaterThan(0);
		for (const r of publicPosts) {
			const settings = stage.RouteSettings[`${r.method} ${r.path}`];
			expect(settings, r.path).toEqual({
				ThrottlingRateLimit: r.throttle?.ratePerSecond,
				ThrottlingBurstLimit: r.throttle?.burst,
			});
			expect(settings.ThrottlingRateLimit, r.path).toBeLessThan(apiThrottle.ratePerSecond);
		}
		expect(format).toEqual(
			expect.objectContaining({
				requestId: "$context.requestId",
				status: "$context.status",
				routeKey: "$context.routeKey",
			}),
		);
		expect(Object.values(format)).not.toContain("$context.path");
		expect(JSON.stringify(stage.AccessLogSettings.DestinationArn)).toContain(
			built.stacks.stateless.getLogicalId(built.stacks.stateless.accessLogs.node.defaultChild as any),
		);
	});

	it("traces every function with X-Ray", () => {
		// Act
		const fns = Object.values(built.stateless.toJSON().Resources as Resources).filter(
			(r) => r.Type === "AWS::Lambda::Function" && r.Properties.Runtime === "nodejs24.x",
		);

		// Assess
		expect(fns).toHaveLength(Object.keys(specs.functions).length);
		for (const fn of fns) expect(fn.Properties.TracingConfig).toEqual({ Mode: "Active" });
	});

	it("puts staff routes behind a JWT authorizer that trusts the staff user pool and its client", () => {
		// Prepare: the real routes plus one staff route, so the JWT path is checked even while every
		// route of the table is public.
		const anyFunction = Object.keys(specs.functions)[0]!;
		const withStaff: Specs = {
			...specs,
			routes: [
				...specs.routes,
				{ method: "GET", path: "/v1/__staff-check", function: anyFunction as never, auth: ["intake"], summary: "" },
			],
		};

		// Act
		const { stacks, stateless } = synthesize(withStaff);

		// Assess
		stateless.hasResourceProperties("AWS::ApiGatewayV2::Route", {
			RouteKey: "GET /v1/__staff-check",
			AuthorizationType: "JWT",
			AuthorizerId: Match.objectLike({ Ref: Match.anyValue() }),
		});
		const authorizers = stateless.findResources("AWS::ApiGatewayV2::Authorizer");
		expect(Object.keys(authorizers)).toHaveLength(1);
		const auth = Object.values(authorizers)[0]!.Properties;
		expect(auth.AuthorizerType).toBe("JWT");
		expect(auth.IdentitySource).toEqual(["$request.header.Authorization"]);
		const poolId = stacks.stateful.getLogicalId(stacks.stateful.userPool.node.defaultChild as any);
		const clientId = stacks.stateless.getLogicalId(stacks.stateless.userPoolClient.node.defaultChild as any);
		expect(JSON.stringify(auth.JwtConfiguration.Issuer)).toContain(poolId);
		expect(JSON.stringify(auth.JwtConfiguration.Audience)).toContain(clientId);
	});

	it("staff pool: TOTP required, 12-character passwords, admin-created accounts, one group per role, region and unit they cannot write", () => {
		// Prepare
		const pool = Object.values(built.stateful.findResources("AWS::Cognito::UserPool"))[0]!.Properties;
		const groups = Object.values(built.stateful.findResources("AWS::Cognito::UserPoolGroup")).map(
			(g) => g.Properties.GroupName,
		);
		const client = Object.values(built.stateless.findResources("AWS::Cognito::UserPoolClient"))[0]!.Properties;

		// Assess
		expect(pool.MfaConfiguration).toBe("ON");
		expect(pool.EnabledMfas).toEqual(["SOFTWARE_TOKEN_MFA"]);
		expect(pool.Policies.PasswordPolicy).toEqual(
			expect.objectContaining({
				MinimumLength: 12,
				RequireLowercase: true,
				RequireUppercase: true,
				RequireNumbers: true,
				RequireSymbols: true,
			}),
		);
		expect(pool.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
		expect(pool.Schema.map((a: { Name: string }) => a.Name).sort()).toEqual(["region", "unit"]);
		expect(groups.sort()).toEqual([...roleSchema.options].sort());
		// Code flow only: no implicit grant, no password/SRP/custom flows, no secret in a browser app.
		expect(client.AllowedOAuthFlows).toEqual(["code"]);
		expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
		expect((client.ExplicitAuthFlows ?? []).filter((f: string) => f !== "ALLOW_REFRESH_TOKEN_AUTH")).toEqual([]);
		expect(client.GenerateSecret).toBe(false);
		expect(JSON.stringify(client.CallbackURLs)).toContain("/web/workbench.html");
		expect(JSON.stringify(client.CallbackURLs)).not.toContain("example.com");
		expect(client.WriteAttributes.filter((a: string) => a.startsWith("custom:"))).toEqual([]);
	});

	it("staff pool: deletion protection in prod", () => {
		// Act
		const prod = synthesize(specs, { stage: "prod" }).stateful;

		// Assess
		prod.hasResourceProperties("AWS::Cognito::UserPool", { DeletionProtection: "ACTIVE" });
	});

	it("runs each workflow of the spec as a Standard state machine from its ASL file, every placeholder substituted", () => {
		// Prepare
		const resources = built.stateless.toJSON().Resources as Resources;

		// Act / Assess
		built.stateless.resourceCountIs("AWS::StepFunctions::StateMachine", specs.workflows.length);
		for (const spec of specs.workflows) {
			const sm = resources[stateMachineLogicalId(built.stacks, spec.id)]!.Properties;
			expect(sm.StateMachineType, spec.id).toBe("STANDARD");
			expect(JSON.parse(sm.DefinitionString), spec.id).toEqual(
				JSON.parse(readFileSync(join(projectRoot, spec.file), "utf8")),
			);
			// CloudFormation fills each `${X}` from DefinitionSubstitutions; one left without a value would
			// reach Step Functions as a literal and fail the first execution that enters its state.
			expect(Object.keys(sm.DefinitionSubstitutions).sort(), spec.id).toEqual(placeholders(sm.DefinitionString).sort());
			for (const [placeholder, name] of Object.entries(spec.substitutions)) {
				expect(sm.DefinitionSubstitutions[placeholder], `${spec.id} ${placeholder}`).toEqual({
					"Fn::GetAtt": [functionLogicalId(built.stacks, name), "Arn"],
				});
			}
			// Execution data holds petitioner data: it must never be copied into the logs.
			expect(sm.LoggingConfiguration.IncludeExecutionData, spec.id).toBe(false);
			expect(["ALL", "ERROR"], spec.id).toContain(sm.LoggingConfiguration.Level);
			expect(sm.LoggingConfiguration.Destinations, spec.id).toHaveLength(1);
		}
	});

	it("retries Lambda service errors and throttling with back-off on every Task, never States.TaskFailed or States.ALL", () => {
		const lambdaErrors = [
			"Lambda.ServiceException",
			"Lambda.AWSLambdaException",
			"Lambda.SdkClientException",
			"Lambda.TooManyRequestsException",
		];
		for (const spec of specs.workflows) {
			const asl = JSON.parse(readFileSync(join(projectRoot, spec.file), "utf8")) as { States: Record<string, any> };
			const tasks = Object.entries(asl.States).filter(([, s]) => s.Type === "Task");
			expect(tasks.length, spec.id).toBeGreaterThan(0);
			for (const [name, state] of tasks) {
				const retriers = (state.Retry ?? []) as { ErrorEquals: string[]; BackoffRate?: number; MaxAttempts?: number }[];
				const covered = retriers.find((r) => lambdaErrors.every((e) => r.ErrorEquals.includes(e)));
				expect(covered, `${spec.id}.${name}`).toBeDefined();
				expect(covered?.BackoffRate ?? 2, `${spec.id}.${name}`).toBeGreaterThan(1);
				expect(covered?.MaxAttempts ?? 3, `${spec.id}.${name}`).toBeGreaterThanOrEqual(3);
				for (const r of retriers)
					expect(r.ErrorEquals, `${spec.id}.${name}`).not.toEqual(expect.arrayContaining(["States.TaskFailed"]));
				for (const r of retriers)
					expect(r.ErrorEquals, `${spec.id}.${name}`).not.toEqual(expect.arrayContaining(["States.ALL"]));
			}
		}
	});

	it("runs every scheduled function from an EventBridge rule with its schedule expression", () => {
		const scheduled = Object.entries(specs.functions).filter(([, f]) => f.schedule);
		expect(scheduled.map(([n]) => n)).toContain("reconcileHandovers");
		for (const [name, spec] of scheduled) {
			built.stateless.hasResourceProperties("AWS::Events::Rule", {
				ScheduleExpression: spec.schedule?.expression,
				Targets: Match.arrayWith([
					Match.objectLike({ Arn: { "Fn::GetAtt": [functionLogicalId(built.stacks, name), "Arn"] } }),
				]),
			});
		}
	});

	it("lets each state machine invoke exactly the functions its substitutions name", () => {
		// Prepare
		const resources = built.stateless.toJSON().Resources as Resources;

		// Act / Assess
		for (const spec of specs.workflows) {
			const sm = resources[stateMachineLogicalId(built.stacks, spec.id)]!.Properties;
			const invocable = statementsOfRole(resources, sm.RoleArn["Fn::GetAtt"][0])
				.filter((s) => [s.Action].flat().includes("lambda:InvokeFunction"))
				.flatMap((s) => [s.Resource].flat());
			const invoked = Object.keys(specs.functions).filter((name) =>
				JSON.stringify(invocable).includes(`"${functionLogicalId(built.stacks, name)}"`),
			);
			expect(invoked.sort(), spec.id).toEqual([...new Set(Object.values(spec.substitutions))].sort());
			const everything = statementsOfRole(resources, sm.RoleArn["Fn::GetAtt"][0]).filter((s) => s.Resource === "*");
			expect(
				everything.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith("lambda:")),
				spec.id,
			).toEqual([]);
		}
	});

	it("gives functions that call Step Functions the workflow ARN, StartExecution on it and the task-token actions, and no others", () => {
		// Prepare
		const resources = built.stateless.toJSON().Resources as Resources;

		// Act / Assess
		for (const workflow of specs.workflows) {
			const arn = JSON.stringify(
				built.stacks.stateless.resolve(built.stacks.stateless.workflows.get(workflow.id)!.arn),
			);
			for (const [name, spec] of Object.entries(specs.functions)) {
				const fn = resources[functionLogicalId(built.stacks, name)]!.Properties;
				const env = fn.Environment.Variables as Record<string, unknown>;
				const statements = statementsOfRole(resources, fn.Role["Fn::GetAtt"][0]);
				const states = statements.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith("states:"));
				if (!spec.stepFunctions) {
					expect(env[workflow.envVar], `${name} must not see ${workflow.id}`).toBeUndefined();
					expect(states, `${name} must not call Step Functions`).toEqual([]);
					continue;
				}
				expect(JSON.stringify(env[workflow.envVar]), `${name} ${workflow.envVar}`).toBe(arn);
				const start = statements.filter((s) => [s.Action].flat().includes("states:StartExecution"));
				expect(
					start.map((s) => JSON.stringify(s.Resource)),
					`${name} starts only ${workflow.id}`,
				).toEqual([arn]);
				const answer = statements.filter((s) => [s.Action].flat().includes("states:SendTaskSuccess"));
				expect(answer, `${name} answers task tokens`).toHaveLength(1);
				// (IAM policy minimization may merge other "*" statements, such as X-Ray's, into the same one.)
				expect(
					[answer[0]!.Action]
						.flat()
						.filter((a) => a.startsWith("states:"))
						.sort(),
				).toEqual(["states:SendTaskFailure", "states:SendTaskHeartbeat", "states:SendTaskSuccess"]);
				// The task-token actions have no resource type in IAM: "*" is the only resource that works.
				expect(answer[0]!.Resource).toBe("*");
			}
		}
	});

	it("gives workflow functions no HTTP route, and refuses a route that names one", () => {
		// Prepare
		const resources = built.stateless.toJSON().Resources as Resources;
		const workflowFunctions = Object.entries(specs.functions)
			.filter(([, spec]) => spec.workflow)
			.map(([name]) => name);
		const integrated = JSON.stringify(
			Object.values(resources)
				.filter((r) => r.Type === "AWS::ApiGatewayV2::Integration")
				.map((r) => r.Properties.IntegrationUri),
		);
		const withWorkflowRoute: Specs = {
			...specs,
			routes: [
				...specs.routes,
				{
					method: "POST",
					path: "/v1/__open-task",
					function: workflowFunctions[0] as never,
					auth: "public",
					summary: "",
				},
			],
		};

		// Act / Assess
		expect(workflowFunctions.length).toBeGreaterThan(0);
		for (const name of workflowFunctions) {
			expect(
				specs.routes.filter((r) => r.function === name),
				name,
			).toEqual([]);
			expect(integrated, name).not.toContain(`"${functionLogicalId(built.stacks, name)}"`);
		}
		expect(() => synthesize(withWorkflowRoute)).toThrow(/workflow function/);
	});

	it("feeds each stream function from its table's stream: item-kind filter, batch size, partial failures, bisection, dead letters", () => {
		// Prepare
		const stateful = built.stateful.toJSON().Resources as Resources;
		const resources = built.stateless.toJSON().Resources as Resources;
		const mappings = Object.values(resources).filter((r) => r.Type === "AWS::Lambda::EventSourceMapping");

		// Act / Assess
		expect(streamFunctions.length).toBeGreaterThan(0);
		expect(mappings).toHaveLength(streamFunctions.length);
		for (const [name, stream] of streamFunctions) {
			const table = stateful[tableLogicalId(built.stacks, stream.table.id)]!.Properties;
			expect(table.StreamSpecification?.StreamViewType, `${name}: ${stream.table.id} streams`).toBeDefined();

			const fnId = functionLogicalId(built.stacks, name);
			const found = mappings.filter((m) => JSON.stringify(m.Properties.FunctionName) === JSON.stringify({ Ref: fnId }));
			expect(found, name).toHaveLength(1);
			const m = found[0]!.Properties;
			expect(JSON.stringify(m.EventSourceArn), name).toBe(streamArnOf(built.stacks, stream.table.id));
			expect(m.StartingPosition, name).toBe("TRIM_HORIZON");
			expect(m.BatchSize, name).toBe(stream.batchSize);
			expect(m.FunctionResponseTypes, name).toEqual(["ReportBatchItemFailures"]);
			expect(m.BisectBatchOnFunctionError, name).toBe(true);
			expect(m.MaximumRetryAttempts, name).toBeGreaterThan(0);
			expect(m.MaximumRecordAgeInSeconds, name).toBeGreaterThan(0);
			// Stream records live 24 hours: a batch must reach the dead-letter queue before they are trimmed.
			expect(m.MaximumRecordAgeInSeconds, name).toBeLessThan(24 * 3600);
			expect(m.ParallelizationFactor, name).toBe(1);
			expect(
				m.FilterCriteria.Filters.map((f: { Pattern: string }) => JSON.parse(f.Pattern)),
				name,
			).toEqual([{ dynamodb: { NewImage: { kind: { S: [...stream.itemKinds] } } } }]);

			const dlqId = m.DestinationConfig.OnFailure.Destination["Fn::GetAtt"]?.[0] as string;
			expect(resources[dlqId]?.Type, `${name} on-failure destination`).toBe("AWS::SQS::Queue");
			expect(resources[dlqId]!.Properties.MessageRetentionPeriod, name).toBe(14 * 24 * 3600);

			const statements = statementsOfRole(resources, resources[fnId]!.Properties.Role["Fn::GetAtt"][0]);
			const onStream = statements
				.filter((s) => JSON.stringify(s.Resource) === streamArnOf(built.stacks, stream.table.id))
				.flatMap((s) => [s.Action].flat());
			expect(onStream.sort(), `${name} reads the stream`).toEqual([
				"dynamodb:DescribeStream",
				"dynamodb:GetRecords",
				"dynamodb:GetShardIterator",
			]);
			const send = statements
				.filter((s) => JSON.stringify(s.Resource).includes(`"${dlqId}"`))
				.flatMap((s) => [s.Action].flat());
			expect(send, `${name} may send to its dead-letter queue`).toContain("sqs:SendMessage");
		}
	});

	it("gives stream functions no HTTP route, and refuses a route that names one", () => {
		// Prepare
		const resources = built.stateless.toJSON().Resources as Resources;
		const integrated = JSON.stringify(
			Object.values(resources)
				.filter((r) => r.Type === "AWS::ApiGatewayV2::Integration")
				.map((r) => r.Properties.IntegrationUri),
		);
		const withStreamRoute: Specs = {
			...specs,
			routes: [
				...specs.routes,
				{
					method: "POST",
					path: "/v1/__aggregate",
					function: streamFunctions[0]![0] as never,
					auth: "public",
					summary: "",
				},
			],
		};

		// Act / Assess
		for (const [name] of streamFunctions) {
			expect(
				specs.routes.filter((r) => r.function === name),
				name,
			).toEqual([]);
			expect(integrated, name).not.toContain(`"${functionLogicalId(built.stacks, name)}"`);
		}
		expect(() => synthesize(withStreamRoute)).toThrow(/stream function/);
	});

	it("refuses a stream function whose table has no stream, or whose item kinds the table's stream does not declare", () => {
		// Prepare
		const [name, stream] = streamFunctions[0]!;
		const withStream = (s: typeof stream, tables = specs.tables): Specs => ({
			...specs,
			tables,
			functions: { ...specs.functions, [name]: { ...specs.functions[name]!, stream: s } },
		});
		const { stream: _, ...streamless } = stream.table as TableSpec;
		const tables = specs.tables.map((t) => (t.id === stream.table.id ? streamless : t));

		// Act / Assess
		expect(() => synthesize(withStream({ ...stream, itemKinds: [...stream.itemKinds, "never-streamed"] }))).toThrow(
			/never-streamed/,
		);
		expect(() => synthesize(withStream({ ...stream, table: streamless }, tables))).toThrow(/has no stream/);
	});
});

describe("the pages and the API on CloudFront", () => {
	it("serves web/ from a private bucket through origin access control, and /v1/* and /openapi.json from the API, uncached", () => {
		// Act
		const { stateless } = synthesize();
		const resources = stateless.toJSON().Resources as Resources;
		const dist = Object.values(resources).find((r) => r.Type === "AWS::CloudFront::Distribution")!.Properties
			.DistributionConfig;
		const bucket = Object.values(resources).find((r) => r.Type === "AWS::S3::Bucket")!.Properties;
		const apiId = Object.keys(resources).find((id) => resources[id]!.Type === "AWS::ApiGatewayV2::Api")!;

		// Assess
		expect(bucket.PublicAccessBlockConfiguration).toEqual({
			BlockPublicAcls: true,
			BlockPublicPolicy: true,
			IgnorePublicAcls: true,
			RestrictPublicBuckets: true,
		});
		stateless.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
		const s3Origin = dist.Origins.find((o: { S3OriginConfig?: unknown }) => o.S3OriginConfig);
		expect(s3Origin.OriginAccessControlId).toBeDefined();
		expect(s3Origin.S3OriginConfig.OriginAccessIdentity ?? "").toBe("");
		expect(dist.DefaultCacheBehavior.ViewerProtocolPolicy).toBe("redirect-to-https");
		const paths = dist.CacheBehaviors.map((b: { PathPattern: string }) => b.PathPattern).sort();
		expect(paths).toEqual(["/openapi.json", "/v1/*"]);
		for (const b of dist.CacheBehaviors) {
			const origin = dist.Origins.find((o: { Id: string }) => o.Id === b.TargetOriginId);
			expect(JSON.stringify(origin.DomainName), b.PathPattern).toContain(apiId);
			expect(b.AllowedMethods, b.PathPattern).toContain("POST");
			expect(b.CachePolicyId, b.PathPattern).toBe("4135ea2d-6df8-44a3-9df3-4b5a84be39ad"); // CachingDisabled
		}
		// The bucket lets only this distribution read it.
		const policy = Object.values(resources).find((r) => r.Type === "AWS::S3::BucketPolicy")!.Properties.PolicyDocument
			.Statement;
		const read = policy.find((st: { Action: string | string[] }) => [st.Action].flat().includes("s3:GetObject"));
		expect(read.Principal).toEqual({ Service: "cloudfront.amazonaws.com" });
		expect(JSON.stringify(read.Condition)).toContain("AWS:SourceArn");
	});

	it("sends the local home's security headers with every page", async () => {
		// Prepare: the local home's own answer for a page.
		const gateway = await startGateway({ port: 0, routes: [], mounts: { "/web": staticFiles("/web") } });
		let local: Headers;
		try {
			local = (await fetch(`${gateway.url}/web/index.html`)).headers;
		} finally {
			await gateway.close();
		}
		const { stateless } = synthesize();

		// Act
		const policy = Object.values(stateless.toJSON().Resources as Resources).find(
			(r) => r.Type === "AWS::CloudFront::ResponseHeadersPolicy",
		)!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;

		// Assess
		expect(policy.ContentSecurityPolicy.ContentSecurityPolicy).toBe(local.get("content-security-policy"));
		expect(policy.ReferrerPolicy.ReferrerPolicy).toBe(local.get("referrer-policy"));
		expect(local.get("x-content-type-options")).toBe("nosniff");
		expect(policy.ContentTypeOptions.Override).toBe(true);
		expect(policy.FrameOptions.FrameOption).toBe("DENY");
		expect(policy.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
	});

	it("builds the WAF web ACL only with -c waf=true: a per-address rate rule on the public POST routes answering 429 in the API's error shape", () => {
		// Act
		const off = synthesize().stateless;
		const on = synthesize(specs, { waf: "true" }).stateless;
		const acl = Object.values(on.toJSON().Resources as Resources).find(
			(r) => r.Type === "AWS::WAFv2::WebACL",
		)!.Properties;
		const dist = Object.values(on.toJSON().Resources as Resources).find(
			(r) => r.Type === "AWS::CloudFront::Distribution",
		)!.Properties;

		// Assess
		off.resourceCountIs("AWS::WAFv2::WebACL", 0);
		expect(acl.Scope).toBe("CLOUDFRONT");
		expect(acl.DefaultAction).toEqual({ Allow: {} });
		const [rule] = acl.Rules;
		expect(rule.Statement.RateBasedStatement).toEqual(
			expect.objectContaining({ Limit: publicWriteLimitPer5Min, AggregateKeyType: "IP", EvaluationWindowSec: 300 }),
		);
		const scope = JSON.stringify(rule.Statement.RateBasedStatement.ScopeDownStatement);
		expect(scope).toContain('"SearchString":"POST"');
		expect(scope).toContain('"SearchString":"/v1/petitions"');
		expect(rule.Action.Block.CustomResponse.ResponseCode).toBe(429);
		const body = JSON.parse(acl.CustomResponseBodies[rule.Action.Block.CustomResponse.CustomResponseBodyKey].Content);
		expect(body.error.code).toBe("TOO_MANY_REQUESTS");
		expect(JSON.stringify(dist.DistributionConfig.WebACLId)).toContain("WebAcl");
		expect(() => synthesize(specs, { waf: "true" }, { account: "123456789012", region: "eu-west-1" })).toThrow(
			/us-east-1/,
		);
	});
});

describe("stages", () => {
	const logGroups = (t: Template) =>
		Object.values(t.toJSON().Resources as Resources).filter((r) => r.Type === "AWS::Logs::LogGroup");

	it("names the stacks after the stage, dev by default, and refuses an unknown stage", () => {
		// Act
		const dev = synthesize();
		const prod = synthesize(specs, { stage: "prod" });

		// Assess
		expect([dev.stacks.stateful.stackName, dev.stacks.stateless.stackName]).toEqual([
			"Xinfang-dev-Stateful",
			"Xinfang-dev-Stateless",
		]);
		expect([prod.stacks.stateful.stackName, prod.stacks.stateless.stackName]).toEqual([
			"Xinfang-prod-Stateful",
			"Xinfang-prod-Stateless",
		]);
		expect(() => synthesize(specs, { stage: "staging" })).toThrow(/unknown stage "staging"/);
	});

	it("prod keeps its data: tables and user pool retained and deletion-protected, logs kept at least 180 days and retained", () => {
		// Act
		const { stateful, stateless } = synthesize(specs, { stage: "prod" });
		const resources = stateful.toJSON().Resources as Resources;

		// Assess
		for (const r of Object.values(resources).filter((r) => r.Type === "AWS::DynamoDB::Table")) {
			expect(r.DeletionPolicy).toBe("Retain");
			expect(r.Properties.DeletionProtectionEnabled).toBe(true);
		}
		stateful.hasResource("AWS::Cognito::UserPool", {
			DeletionPolicy: "Retain",
			Properties: Match.objectLike({ DeletionProtection: "ACTIVE" }),
		});
		const logs = [...logGroups(stateful), ...logGroups(stateless)];
		expect(logs.length).toBeGreaterThan(0);
		for (const g of logs) {
			expect(g.Properties.RetentionInDays).toBeGreaterThanOrEqual(180);
			expect(g.DeletionPolicy).toBe("Retain");
		}
	});

	it("prod functions carry no source maps; dev functions do", () => {
		// Act
		const dev = synthesize().stateless.toJSON().Resources as Resources;
		const prod = synthesize(specs, { stage: "prod" }).stateless.toJSON().Resources as Resources;
		const nodeOptions = (rs: Resources) =>
			Object.values(rs)
				.filter((r) => r.Type === "AWS::Lambda::Function" && r.Properties.Runtime === "nodejs24.x")
				.map((r) => r.Properties.Environment?.Variables?.NODE_OPTIONS);

		// Assess
		expect(nodeOptions(prod).every((o) => o === undefined)).toBe(true);
		expect(nodeOptions(dev).every((o) => o === "--enable-source-maps")).toBe(true);
	});

	it("dev is disposable: tables, user pool and log groups go with the stack", () => {
		// Act
		const { stateful, stateless } = synthesize();
		const resources = stateful.toJSON().Resources as Resources;

		// Assess
		for (const r of Object.values(resources).filter((r) =>
			["AWS::DynamoDB::Table", "AWS::Cognito::UserPool"].includes(r.Type),
		)) {
			expect(r.DeletionPolicy, r.Type).toBe("Delete");
		}
		for (const g of [...logGroups(stateful), ...logGroups(stateless)]) expect(g.DeletionPolicy).toBe("Delete");
	});
});

describe("function bundling", () => {
	let outdir: string;
	beforeAll(() => {
		outdir = mkdtempSync(join(tmpdir(), "xinfang-bundle-"));
	});
	afterAll(() => {
		rmSync(outdir, { recursive: true, force: true });
	});

	it("bundles a registry function locally with esbuild into an ESM module that loads and exports handler", () => {
		// Prepare: any Docker use would fail loudly, proving the bundle is built on this machine.
		const [name, spec] = Object.entries(specs.functions)[0]!;
		const docker = process.env.CDK_DOCKER;
		process.env.CDK_DOCKER = "/nonexistent/docker";
		const app = new App({ outdir, context: cdkContext });
		new RegistryFunction(new Stack(app, "BundleCheck"), name, { spec, stage: stages.dev });

		// Act
		try {
			app.synth();
		} finally {
			if (docker === undefined) delete process.env.CDK_DOCKER;
			else process.env.CDK_DOCKER = docker;
		}

		// Assess
		const assets = readdirSync(outdir).filter((d) => d.startsWith("asset."));
		expect(assets).toHaveLength(1);
		const bundle = join(outdir, assets[0]!, "index.mjs");
		expect(existsSync(bundle)).toBe(true);
		expect(existsSync(`${bundle}.map`)).toBe(true);
		// The SDK's credential chain is reduced to the environment (infra/lambda-credentials.ts): no web-identity,
		// SSO or INI providers in the bundle.
		expect(readFileSync(bundle, "utf8")).not.toContain("AWS_WEB_IDENTITY_TOKEN_FILE");
		const load = (env: Record<string, string | undefined>) =>
			execFileSync(
				process.execPath,
				[
					"--input-type=module",
					"-e",
					`import(${JSON.stringify(bundle)}).then((m) => process.stdout.write(typeof m.handler), (e) => process.stdout.write(e.message));`,
				],
				{ encoding: "utf8", env: { PATH: process.env.PATH, AWS_REGION: "us-east-1", ...env } },
			);
		const configured = Object.fromEntries(environmentOf(name as FunctionName).map((v) => [v.variable, "configured"]));
		expect(load(configured)).toBe("function");
		// Without its configuration the bundle fails at init, naming the variable.
		const [first] = environmentOf(name as FunctionName);
		expect(load({ ...configured, [first!.variable]: undefined })).toMatch(new RegExp(`^${first!.variable} is not set`));
	});
});

describe("workflow spec against its ASL files", () => {
	it.each(specs.workflows.map((w) => [w.id, w] as const))(
		"%s: every placeholder of the ASL file is substituted and every substitution is used",
		(_, spec) => {
			// Prepare
			const asl = readFileSync(join(projectRoot, spec.file), "utf8");

			// Act
			const used = placeholders(asl).sort();

			// Assess
			expect(used.length).toBeGreaterThan(0);
			expect(Object.keys(spec.substitutions).sort()).toEqual(used);
			for (const name of Object.values(spec.substitutions)) expect(Object.keys(specs.functions), name).toContain(name);
		},
	);

	it.each(specs.workflows.map((w) => [w.id, w] as const))(
		"%s: the ASL file passes asl-validator, as written and with ARNs substituted",
		(_, spec) => {
			// Prepare
			const asl = readFileSync(join(projectRoot, spec.file), "utf8");
			const substituted = asl.replace(
				/\$\{([^}]*)\}/g,
				(_, p: string) => `arn:aws:lambda:us-east-1:123456789012:function:${p}`,
			);

			// Act
			const written = aslValidator(JSON.parse(asl));
			const deployed = aslValidator(JSON.parse(substituted));

			// Assess
			expect(written.isValid, written.errorsText("\n")).toBe(true);
			expect(deployed.isValid, deployed.errorsText("\n")).toBe(true);
		},
	);

	it("refuses a workflow whose ASL file uses a placeholder it does not substitute, or substitutes one it never uses", () => {
		// Prepare
		const [first] = specs.workflows;
		const { OpenTaskFunction: _, ...lacking } = first!.substitutions as Record<string, string>;
		const extra = { ...first!.substitutions, NeverUsed: Object.values(first!.substitutions)[0]! };

		// Act / Assess
		expect(() => synthesize({ ...specs, workflows: [{ ...first!, substitutions: lacking as never }] })).toThrow(
			/does not substitute/,
		);
		expect(() => synthesize({ ...specs, workflows: [{ ...first!, substitutions: extra }] })).toThrow(/never uses/);
	});
});
