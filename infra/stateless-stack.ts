/**
 * Stateless resources: code and the HTTP edge, safe to redeploy at any time. One function per entry of
 * the function registry, one HTTP API route per entry of the route table — the same specs the local
 * gateway serves, so a new registry entry or route appears here without touching infra/.
 */
import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import { HttpApi, HttpMethod, type IHttpRouteAuthorizer, HttpNoneAuthorizer } from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type { IUserPoolClient, UserPool } from "aws-cdk-lib/aws-cognito";
import type { Construct } from "constructs";
import type { FunctionSpec } from "#shared/specs/functions.ts";
import type { RouteSpec } from "#shared/specs/routes.ts";
import { ApiFunction } from "./constructs/api-function.ts";
import type { SpecTables } from "./stateful-stack.ts";

export interface StatelessStackProps extends StackProps {
	/** Tables of the stateful stack, by spec id. */
	readonly tables: SpecTables;
	/** Issuer of staff JWTs and the app client they are issued to (the authorizer's audience). */
	readonly userPool: UserPool;
	readonly userPoolClient: IUserPoolClient;
	/** The function registry (shared/specs/functions.ts). */
	readonly functions: Readonly<Record<string, FunctionSpec>>;
	/** The route table (shared/specs/routes.ts). */
	readonly routes: readonly RouteSpec[];
}

export class StatelessStack extends Stack {
	/** Every registry function by its registry name, for the stacks and constructs that wire them further. */
	readonly functions: ReadonlyMap<string, ApiFunction>;
	readonly api: HttpApi;

	constructor(scope: Construct, id: string, props: StatelessStackProps) {
		super(scope, id, props);

		const functions = new Map<string, ApiFunction>();
		for (const [name, spec] of Object.entries(props.functions)) {
			const fn = new ApiFunction(this, name, { spec });
			for (const { table, access } of spec.tables) {
				const bound = props.tables.get(table.id);
				if (!bound) throw new Error(`function ${name} uses table ${table.id}, which is not in the table spec`);
				fn.bindTable(bound, access);
			}
			functions.set(name, fn);
		}
		this.functions = functions;

		this.api = new HttpApi(this, "Api", { description: "Petition (信访) case API" });

		// API Gateway only verifies the token (signature, issuer, audience, expiry); which role may do
		// what is decided in the handlers from the claims, the same way on the local gateway.
		const staff = new HttpJwtAuthorizer("StaffJwt", props.userPool.userPoolProviderUrl, {
			jwtAudience: [props.userPoolClient.userPoolClientId],
		});
		const none = new HttpNoneAuthorizer();

		const integrations = new Map<string, HttpLambdaIntegration>();
		for (const route of props.routes) {
			const fn = functions.get(route.function);
			if (!fn) throw new Error(`route ${route.method} ${route.path} names function ${route.function}, which is not in the registry`);
			let integration = integrations.get(route.function);
			if (!integration) {
				integration = new HttpLambdaIntegration(`${route.function}Integration`, fn.fn);
				integrations.set(route.function, integration);
			}
			const authorizer: IHttpRouteAuthorizer = route.auth === "public" ? none : staff;
			this.api.addRoutes({ path: route.path, methods: [HttpMethod[route.method]], integration, authorizer });
		}

		new CfnOutput(this, "ApiUrl", { value: this.api.apiEndpoint });
	}
}
