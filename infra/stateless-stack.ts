/**
 * Stateless resources: code, workflows and the HTTP edge, safe to redeploy at any time. One function per
 * entry of the function registry, one state machine per entry of the workflow spec, one HTTP API route
 * per entry of the route table — the same specs the local home runs, so a new entry appears here without
 * touching infra/.
 */
import { CfnOutput, Duration, Stack, type StackProps } from "aws-cdk-lib";
import {
	type CfnStage,
	HttpApi,
	HttpMethod,
	type IHttpRouteAuthorizer,
	HttpNoneAuthorizer,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import {
	ClientAttributes,
	OAuthScope,
	type UserPool,
	UserPoolClient,
	UserPoolClientIdentityProvider,
} from "aws-cdk-lib/aws-cognito";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { IBucket } from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import type { FunctionSpec } from "#shared/specs/functions.ts";
import type { RouteSpec } from "#shared/specs/routes.ts";
import type { WorkflowSpec } from "#shared/specs/workflows.ts";
import { RegistryFunction } from "./constructs/registry-function.ts";
import { OperationsDashboard } from "./constructs/dashboard.ts";
import { SpecWorkflow } from "./constructs/spec-workflow.ts";
import { StreamSubscription } from "./constructs/stream-subscription.ts";
import { WebDistribution } from "./constructs/web-distribution.ts";
import type { Stage } from "./stage.ts";
import type { SpecTables } from "./stateful-stack.ts";

/** The whole API's stage throttle (requests per second, burst); the public POST routes have their own, lower ones. */
export const apiThrottle = { ratePerSecond: 200, burst: 400 } as const;

/** The access log line: API Gateway context variables, as JSON. */
export const accessLogFormat = {
	requestId: "$context.requestId",
	time: "$context.requestTime",
	ip: "$context.identity.sourceIp",
	userAgent: "$context.identity.userAgent",
	method: "$context.httpMethod",
	routeKey: "$context.routeKey",
	status: "$context.status",
	protocol: "$context.protocol",
	responseLength: "$context.responseLength",
	latencyMs: "$context.responseLatency",
	integrationLatencyMs: "$context.integrationLatency",
	integrationError: "$context.integrationErrorMessage",
	authorizerError: "$context.authorizer.error",
};

export interface StatelessStackProps extends StackProps {
	readonly stage: Stage;
	/** The stateful stack's key: log groups that may hold personal data are encrypted with it. */
	readonly dataKey: IKey;
	/** Tables of the stateful stack, by spec id. */
	readonly tables: SpecTables;
	/** The evidence bucket of the stateful stack (functions with `evidence` sign URLs for it). */
	readonly evidence?: IBucket;
	/** Issuer of staff JWTs; the app client they are issued to (the authorizer's audience) is made here. */
	readonly userPool: UserPool;
	/** Build the WAF web ACL with the rate-based rule on the public POST routes (`-c waf=true`). */
	readonly waf?: boolean;
	/** The function registry (shared/specs/functions.ts). */
	readonly functions: Readonly<Record<string, FunctionSpec>>;
	/** The route table (shared/specs/routes.ts). */
	readonly routes: readonly RouteSpec[];
	/** The workflow spec (shared/specs/workflows.ts). */
	readonly workflows: readonly WorkflowSpec[];
}

export class StatelessStack extends Stack {
	/** Every registry function by its registry name, for the stacks and constructs that wire them further. */
	readonly functions: ReadonlyMap<string, RegistryFunction>;
	/** Every state machine by its workflow spec id. */
	readonly workflows: ReadonlyMap<string, SpecWorkflow>;
	/** The stream event source of every registry function with `stream`, by registry name. */
	readonly streamSubscriptions: ReadonlyMap<string, StreamSubscription>;
	readonly api: HttpApi;
	readonly web: WebDistribution;
	/** The staff app client (authorization code flow to the workbench). */
	readonly userPoolClient: UserPoolClient;
	/** The HTTP API's access log (JSON, one line per request). */
	readonly accessLogs: LogGroup;
	/** The stage's CloudWatch dashboard, its alarms and their SNS topic. */
	readonly operations: OperationsDashboard;

	constructor(scope: Construct, id: string, props: StatelessStackProps) {
		super(scope, id, props);

		const functions = new Map<string, RegistryFunction>();
		for (const [name, spec] of Object.entries(props.functions)) {
			const fn = new RegistryFunction(this, name, { spec, stage: props.stage, logKey: props.dataKey });
			for (const use of spec.tables) {
				const bound = props.tables.get(use.table.id);
				if (!bound) throw new Error(`function ${name} uses table ${use.table.id}, which is not in the table spec`);
				fn.bindTable(bound, use);
			}
			// Text messages through AWS End User Messaging SMS; the origination identity (sender ID or
			// number) and spend limits are account settings of the deployment.
			if (spec.evidence) {
				if (!props.evidence) throw new Error(`function ${name} uses evidence files, but no evidence bucket was given`);
				fn.fn.addEnvironment("EVIDENCE_BUCKET", props.evidence.bucketName);
				// Objects under evidence/ only: put (signing upload URLs), get (signing downloads, checking an
				// upload's first bytes and size), delete (a refused upload). The key only through S3.
				fn.fn.addToRolePolicy(
					new PolicyStatement({
						actions: ["s3:PutObject", "s3:GetObject", "s3:DeleteObject"],
						resources: [props.evidence.arnForObjects("evidence/*")],
					}),
				);
				if (props.evidence.encryptionKey)
					fn.fn.addToRolePolicy(
						new PolicyStatement({
							actions: ["kms:Decrypt", "kms:GenerateDataKey"],
							resources: [props.evidence.encryptionKey.keyArn],
							conditions: { StringEquals: { "kms:ViaService": `s3.${this.region}.amazonaws.com` } },
						}),
					);
			}
			if (spec.sms)
				fn.fn.addToRolePolicy(new PolicyStatement({ actions: ["sms-voice:SendTextMessage"], resources: ["*"] }));
			functions.set(name, fn);
		}
		this.functions = functions;

		const subscriptions = new Map<string, StreamSubscription>();
		for (const [name, spec] of Object.entries(props.functions)) {
			if (!spec.stream) continue;
			const bound = props.tables.get(spec.stream.table.id);
			if (!bound)
				throw new Error(
					`function ${name} consumes the stream of table ${spec.stream.table.id}, which is not in the table spec`,
				);
			subscriptions.set(
				name,
				new StreamSubscription(this, `${name}Stream`, {
					function: functions.get(name)!,
					stream: spec.stream,
					table: bound,
				}),
			);
		}
		this.streamSubscriptions = subscriptions;

		// Scheduled functions (the hand-over reconciler): one EventBridge rule each.
		for (const [name, spec] of Object.entries(props.functions)) {
			if (!spec.schedule) continue;
			new Rule(this, `${name}Schedule`, {
				schedule: Schedule.expression(spec.schedule.expression),
				targets: [new LambdaFunction(functions.get(name)!.fn)],
			});
		}

		const workflows = new Map<string, SpecWorkflow>();
		for (const spec of props.workflows) {
			if (workflows.has(spec.id)) throw new Error(`workflow spec id ${spec.id} is used twice`);
			const workflow = new SpecWorkflow(this, spec.id, { spec, functions, stage: props.stage, logKey: props.dataKey });
			for (const [name, fnSpec] of Object.entries(props.functions)) {
				if (fnSpec.stepFunctions) workflow.bindCaller(functions.get(name)!);
			}
			workflows.set(spec.id, workflow);
		}
		this.workflows = workflows;

		// Requests no route takes go to the $default route's function, which answers 404/405 in the API's
		// error shape. No CORS: the pages are served from the same CloudFront origin as the API (`/v1/*`).
		const unmatched = functions.get("routeNotFound");
		if (!unmatched) throw new Error("the registry has no routeNotFound function for the $default route");
		this.api = new HttpApi(this, "Api", {
			description: "Petition (信访) case API",
			defaultIntegration: new HttpLambdaIntegration("routeNotFoundIntegration", unmatched.fn),
		});

		// The pages and the API under one CloudFront distribution (/v1/* to the API).
		this.web = new WebDistribution(this, "Web", {
			stage: props.stage,
			api: this.api,
			routes: props.routes,
			waf: props.waf ?? false,
			logKey: props.dataKey,
		});
		const site = `https://${this.web.distribution.distributionDomainName}`;

		// The staff app client: the authorization code flow only (Cognito's managed login pages, then back
		// to the workbench on the distribution), no password or SRP flows, no client secret (a browser app).
		this.userPoolClient = new UserPoolClient(this, "Workbench", {
			userPool: props.userPool,
			generateSecret: false,
			authFlows: { user: false, userSrp: false, userPassword: false, adminUserPassword: false, custom: false },
			oAuth: {
				flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
				scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
				callbackUrls: [`${site}/web/workbench.html`],
				logoutUrls: [`${site}/web/`],
			},
			supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
			// A staff member must not be able to change their own region or unit through the client: only
			// standard attributes are writable, the custom ones are admin-only (the role is a group).
			writeAttributes: new ClientAttributes().withStandardAttributes({
				email: true,
				fullname: true,
				phoneNumber: true,
			}),
			preventUserExistenceErrors: true,
			idTokenValidity: Duration.hours(1),
			accessTokenValidity: Duration.hours(1),
			refreshTokenValidity: Duration.hours(12),
		});

		// API Gateway only verifies the token (signature, issuer, audience, expiry); which role may do
		// what is decided in the handlers from the claims, the same way on the local gateway.
		const staff = new HttpJwtAuthorizer("StaffJwt", props.userPool.userPoolProviderUrl, {
			jwtAudience: [this.userPoolClient.userPoolClientId],
		});
		const none = new HttpNoneAuthorizer();

		const integrations = new Map<string, HttpLambdaIntegration>();
		for (const route of props.routes) {
			const fn = functions.get(route.function);
			if (!fn)
				throw new Error(
					`route ${route.method} ${route.path} names function ${route.function}, which is not in the registry`,
				);
			// Workflow steps and stream consumers trust their input (a task token, a case id, stream records):
			// they must not be reachable by HTTP.
			const target = props.functions[route.function];
			if (target?.workflow) {
				throw new Error(
					`route ${route.method} ${route.path} names workflow function ${route.function}, which only the state machine may invoke`,
				);
			}
			if (target?.stream) {
				throw new Error(
					`route ${route.method} ${route.path} names stream function ${route.function}, which only its table's stream may invoke`,
				);
			}
			let integration = integrations.get(route.function);
			if (!integration) {
				integration = new HttpLambdaIntegration(`${route.function}Integration`, fn.fn);
				integrations.set(route.function, integration);
			}
			const authorizer: IHttpRouteAuthorizer = route.auth === "public" ? none : staff;
			this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration, authorizer });
		}

		this.accessLogs = new LogGroup(this, "ApiAccessLogs", {
			retention: props.stage.logRetention,
			removalPolicy: props.stage.logRemoval,
			encryptionKey: props.dataKey,
		});
		const stage = this.api.defaultStage?.node.defaultChild as CfnStage | undefined;
		if (!stage) throw new Error("the HTTP API has no default stage");
		// One JSON object per request. The route key rather than the path, so case ids stay out of the logs;
		// the source address is kept (the security log the Cybersecurity Law asks for), nothing from the body.
		stage.accessLogSettings = { destinationArn: this.accessLogs.logGroupArn, format: JSON.stringify(accessLogFormat) };
		stage.defaultRouteSettings = {
			throttlingRateLimit: apiThrottle.ratePerSecond,
			throttlingBurstLimit: apiThrottle.burst,
		};
		stage.routeSettings = Object.fromEntries(
			props.routes
				.filter((r) => r.throttle)
				.map((r) => [
					`${r.method} ${r.path}`,
					{ ThrottlingRateLimit: r.throttle!.ratePerSecond, ThrottlingBurstLimit: r.throttle!.burst },
				]),
		);
		this.operations = new OperationsDashboard(this, "Operations", {
			stageName: props.stage.name,
			api: this.api,
			functions,
			workflows,
			streamSubscriptions: subscriptions,
			alarmEmail: this.node.tryGetContext("alarmEmail"),
		});

		new CfnOutput(this, "ApiUrl", { value: this.api.apiEndpoint });
		new CfnOutput(this, "WebUrl", { value: `${site}/web/` });
		new CfnOutput(this, "StaffClientId", { value: this.userPoolClient.userPoolClientId });
	}
}
