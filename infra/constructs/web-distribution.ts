/**
 * The pages and the API under one CloudFront distribution: web/ in a private S3 bucket reached only
 * through origin access control, `/v1/*` and `/openapi.json` forwarded to the HTTP API uncached. One
 * origin for the browser, so the pages call the API on their own host and no CORS is needed. The
 * response headers are the local home's (local/static.ts) plus HSTS and frame denial. An optional WAF
 * web ACL (`-c waf=true`) adds a per-address rate-based rule on the public POST routes.
 */
import { join } from "node:path";
import { Duration, Fn, RemovalPolicy, Stack, Token } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
	AllowedMethods,
	CachePolicy,
	Distribution,
	Function as EdgeFunction,
	FunctionCode,
	FunctionEventType,
	HeadersFrameOption,
	HeadersReferrerPolicy,
	HttpVersion,
	OriginRequestPolicy,
	PriceClass,
	ResponseHeadersPolicy,
	ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin, S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { BucketDeployment, Source } from "aws-cdk-lib/aws-s3-deployment";
import { CfnWebACL } from "aws-cdk-lib/aws-wafv2";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { RouteSpec } from "#shared/specs/routes.ts";
import type { Stage } from "../stage.ts";
import { projectRoot } from "./registry-function.ts";

/** The local home's page headers (local/static.ts): same-origin only, nothing framed, no referrer. */
export const contentSecurityPolicy =
	"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Requests from one address to the public POST routes per five minutes before the WAF answers 429. */
export const publicWriteLimitPer5Min = 100;

export interface WebDistributionProps {
	readonly stage: Stage;
	readonly api: HttpApi;
	/** The route table: the WAF rule covers its public POST routes. */
	readonly routes: readonly RouteSpec[];
	/** Build the WAF web ACL (CloudFront scope: the stack must be deployed in us-east-1). */
	readonly waf: boolean;
	/** Encrypts the deployment function's log group. */
	readonly logKey: IKey;
}

/**
 * Viewer-request rewrite, as the local home serves pages: `/` → 302 `/web/`, `/web` → 301 `/web/`, and
 * a path ending in `/` gets `index.html` (S3 behind OAC has no index documents).
 */
const rewrite = `function handler(event) {
	var r = event.request;
	if (r.uri === "/") return { statusCode: 302, statusDescription: "Found", headers: { location: { value: "/web/" } } };
	if (r.uri === "/web") return { statusCode: 301, statusDescription: "Moved Permanently", headers: { location: { value: "/web/" } } };
	if (r.uri.endsWith("/")) r.uri += "index.html";
	return r;
}`;

export class WebDistribution extends Construct {
	readonly bucket: Bucket;
	readonly distribution: Distribution;
	readonly webAcl?: CfnWebACL;

	constructor(scope: Construct, id: string, props: WebDistributionProps) {
		super(scope, id);
		const { stage } = props;

		// Public pages, no personal data: S3-managed encryption; private, TLS only, reached through OAC.
		this.bucket = new Bucket(this, "Pages", {
			blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
			objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
			encryption: BucketEncryption.S3_MANAGED,
			enforceSSL: true,
			versioned: false,
			removalPolicy: RemovalPolicy.DESTROY,
			autoDeleteObjects: false,
		});

		const headers = new ResponseHeadersPolicy(this, "SecurityHeaders", {
			comment: "The local home's page headers, plus HSTS and frame denial",
			securityHeadersBehavior: {
				contentTypeOptions: { override: true },
				referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
				contentSecurityPolicy: { contentSecurityPolicy, override: true },
				frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
				strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
			},
		});

		if (props.waf) this.webAcl = this.publicWriteAcl(props.routes);

		// The API's host name, from its endpoint URL `https://<id>.execute-api.<region>.amazonaws.com`.
		const apiHost = Fn.select(2, Fn.split("/", props.api.apiEndpoint));
		const api = new HttpOrigin(apiHost);
		const apiBehavior = {
			origin: api,
			viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
			allowedMethods: AllowedMethods.ALLOW_ALL,
			cachePolicy: CachePolicy.CACHING_DISABLED,
			// Everything but Host (API Gateway routes by its own host name): headers, query, no cookies needed.
			originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
		};

		this.distribution = new Distribution(this, "Distribution", {
			comment: `Petition (信访) system, ${stage.name}: pages and API`,
			httpVersion: HttpVersion.HTTP2_AND_3,
			priceClass: PriceClass.PRICE_CLASS_ALL,
			defaultBehavior: {
				origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
				viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
				allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
				// The pages are revalidated like the local home's `cache-control: no-cache`.
				cachePolicy: CachePolicy.CACHING_DISABLED,
				responseHeadersPolicy: headers,
				functionAssociations: [
					{
						eventType: FunctionEventType.VIEWER_REQUEST,
						function: new EdgeFunction(this, "Rewrite", { code: FunctionCode.fromInline(rewrite) }),
					},
				],
			},
			additionalBehaviors: {
				"/v1/*": apiBehavior,
				"/openapi.json": apiBehavior,
			},
			...(this.webAcl ? { webAclId: this.webAcl.attrArn } : {}),
		});

		new BucketDeployment(this, "Deploy", {
			sources: [Source.asset(join(projectRoot, "web"))],
			destinationBucket: this.bucket,
			destinationKeyPrefix: "web/",
			distribution: this.distribution,
			distributionPaths: ["/web/*"],
			prune: true,
			memoryLimit: 256,
			// Its function's log group on the stage's terms, like every other.
			logGroup: new LogGroup(this, "DeployLogs", {
				retention: stage.logRetention,
				removalPolicy: stage.logRemoval,
				encryptionKey: props.logKey,
			}),
		});
	}

	/**
	 * A CloudFront-scope web ACL: requests pass, except that one address may send at most
	 * `publicWriteLimitPer5Min` requests to the public POST routes in five minutes; more get 429 with
	 * Retry-After and the API's error body. CloudFront-scope ACLs exist only in us-east-1.
	 */
	private publicWriteAcl(routes: readonly RouteSpec[]): CfnWebACL {
		const region = Stack.of(this).region;
		if (!Token.isUnresolved(region) && region !== "us-east-1") {
			throw new Error(
				`-c waf=true needs the stateless stack in us-east-1 (a CloudFront web ACL lives there), not ${region}`,
			);
		}
		const prefixes = [
			...new Set(routes.filter((r) => r.auth === "public" && r.method === "POST").map((r) => r.path.split("/{")[0]!)),
		];
		if (prefixes.length === 0) throw new Error("no public POST route for the WAF rule");
		const pathStarts = prefixes.map((prefix) => ({
			byteMatchStatement: {
				fieldToMatch: { uriPath: {} },
				positionalConstraint: "STARTS_WITH",
				searchString: prefix,
				textTransformations: [{ priority: 0, type: "NONE" }],
			},
		}));
		const isPost = {
			byteMatchStatement: {
				fieldToMatch: { method: {} },
				positionalConstraint: "EXACTLY",
				searchString: "POST",
				textTransformations: [{ priority: 0, type: "NONE" }],
			},
		};
		return new CfnWebACL(this, "WebAcl", {
			scope: "CLOUDFRONT",
			defaultAction: { allow: {} },
			visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: "xinfang-web", sampledRequestsEnabled: false },
			customResponseBodies: {
				tooMany: {
					contentType: "APPLICATION_JSON",
					content: JSON.stringify({
						error: {
							code: "TOO_MANY_REQUESTS",
							message: "请求过于频繁，请稍后再试",
							details: { retryAfterSeconds: 300 },
						},
					}),
				},
			},
			rules: [
				{
					name: "public-post-per-address",
					priority: 0,
					statement: {
						rateBasedStatement: {
							limit: publicWriteLimitPer5Min,
							evaluationWindowSec: 300,
							aggregateKeyType: "IP",
							scopeDownStatement: {
								andStatement: {
									statements: [
										isPost,
										pathStarts.length === 1 ? pathStarts[0]! : { orStatement: { statements: pathStarts } },
									],
								},
							},
						},
					},
					action: {
						block: {
							customResponse: {
								responseCode: 429,
								customResponseBodyKey: "tooMany",
								responseHeaders: [{ name: "retry-after", value: "300" }],
							},
						},
					},
					visibilityConfig: {
						cloudWatchMetricsEnabled: true,
						metricName: "xinfang-public-post",
						sampledRequestsEnabled: false,
					},
				},
			],
		});
	}
}
