/**
 * The one Lambda wrapper: every function of the registry is built here with the team's defaults, so
 * no stack repeats NodejsFunction props. Tables are bound with `bindTable`, which sets the env var the
 * handler reads (`tableName(spec)` in shared/aws/clients.ts) and the IAM grant in one call.
 */
import { join } from "node:path";
import { Duration, Stack } from "aws-cdk-lib";
import { Architecture, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { Charset, NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { type FunctionSpec, type TableUse, writeOperations } from "#shared/specs/functions.ts";
import type { Stage } from "../stage.ts";
import type { SpecTable } from "../stateful-stack.ts";

/** The checkout root: registry modules, package.json ("imports" aliases) and the lock file live here. */
export const projectRoot = join(import.meta.dirname, "..", "..");

/**
 * In Lambda the credentials are in the environment: the SDK's whole default chain (SSO, INI, STS web
 * identity, IMDS…) is replaced by that one source (infra/lambda-credentials.ts), ~120 KB less per bundle.
 */
const lambdaCredentials = "./infra/lambda-credentials.ts";

/**
 * The X-Ray SDK (behind the Powertools Tracer) and cls-hooked require all of `semver` for one `gte`
 * on version strings; infra/bundle/semver.ts answers that call, ~28 KB less per bundle.
 */
const semverGte = "./infra/bundle/semver.ts";

/** Lets bundled CommonJS dependencies require() Node built-ins from an ESM bundle. */
const esmRequireBanner =
	"import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/**
 * A function whose registry entry does not set `stepFunctions` gets no SFN client in its bundle
 * (infra/bundle/no-step-functions.ts), ~25 KB less.
 */
const noStepFunctions = "./infra/bundle/no-step-functions.ts";

/** The DynamoDB client's endpoint-discovery cache without mnemonist (infra/bundle/lru-cache.ts), ~7 KB less. */
const lruCache = "./infra/bundle/lru-cache.ts";

/** No function streams events: the SDK's event-stream codec is left out (infra/bundle/no-event-streams.ts), ~14 KB less. */
const noEventStreams = "./infra/bundle/no-event-streams.ts";

/** What a function's bundle replaces: module → file (esbuild `alias`), from its registry entry. */
export function bundleAliases(spec: Pick<FunctionSpec, "stepFunctions">): Record<string, string> {
	return {
		"@aws-sdk/credential-provider-node": lambdaCredentials,
		semver: semverGte,
		"mnemonist/lru-cache": lruCache,
		"@smithy/core/event-streams": noEventStreams,
		...(spec.stepFunctions ? {} : { "@aws-sdk/client-sfn": noStepFunctions }),
	};
}

/**
 * The same bundle as esbuild's own options, for bench/bundles.ts (which measures what prod deploys):
 * keep in step with `bundling` below.
 */
export const esbuildOptions = {
	bundle: true,
	absWorkingDir: projectRoot,
	platform: "node",
	format: "esm",
	mainFields: ["module", "main"],
	banner: { js: esmRequireBanner },
	minify: true,
	// The messages and documents are Chinese: UTF-8 keeps each character 3 bytes instead of a 6-byte \uXXXX.
	charset: "utf8",
	target: "node24",
} as const;

export interface RegistryFunctionProps {
	readonly spec: FunctionSpec;
	readonly stage: Stage;
	/** Encrypts the function's log group. */
	readonly logKey?: IKey;
}

export class RegistryFunction extends Construct {
	readonly fn: NodejsFunction;
	readonly logGroup: LogGroup;

	constructor(scope: Construct, id: string, props: RegistryFunctionProps) {
		super(scope, id);
		const { spec, stage, logKey } = props;

		// An explicit log group, so retention follows the stage.
		this.logGroup = new LogGroup(this, "Logs", {
			retention: stage.logRetention,
			removalPolicy: stage.logRemoval,
			...(logKey ? { encryptionKey: logKey } : {}),
		});

		this.fn = new NodejsFunction(this, "Fn", {
			entry: join(projectRoot, spec.module),
			handler: "handler",
			description: spec.description,
			runtime: Runtime.NODEJS_24_X,
			// Graviton: cheaper per GB-second, and nothing here is x86-only.
			architecture: Architecture.ARM_64,
			memorySize: spec.memoryMb ?? 512,
			// The HTTP API gives up after 30 s; API handlers must answer well before that.
			timeout: Duration.seconds(spec.timeoutSeconds ?? 10),
			logGroup: this.logGroup,
			// X-Ray: the Powertools Tracer (shared/tracing.ts) adds the handler and SDK subsegments.
			tracing: Tracing.ACTIVE,
			projectRoot,
			depsLockFilePath: join(projectRoot, "package-lock.json"),
			// dev: stack traces point at the .ts sources through the bundled source maps. prod ships none.
			environment: stage.sourceMaps ? { NODE_OPTIONS: "--enable-source-maps" } : {},
			bundling: {
				// esbuild is a devDependency: bundle on this machine, never in Docker (offline synth).
				forceDockerBundling: false,
				// ESM like the sources; "#shared/*" aliases resolve through package.json "imports".
				format: OutputFormat.ESM,
				mainFields: [...esbuildOptions.mainFields],
				// Some bundled CommonJS dependencies call require() for Node built-ins; ESM has none.
				banner: esmRequireBanner,
				esbuildArgs: Object.fromEntries(
					Object.entries(bundleAliases(spec)).map(([module, file]) => [`--alias:${module}=${file}`, true]),
				),
				// Source maps for readable stack traces in dev only; minified to keep cold starts short.
				sourceMap: stage.sourceMaps,
				minify: true,
				charset: Charset.UTF8,
				target: "node24",
				// The AWS SDK is bundled rather than taken from the runtime: both homes then run the exact
				// @aws-sdk/* versions pinned in package-lock.json (the runtime's copy lags and may change
				// under us), at the price of a larger bundle. Measured both ways (`npm run bench:bundles` and
				// `-- --runtime-sdk`): the runtime's copy takes ~300 KB off each bundle but its load adds
				// ~60 ms of init CPU, over the 100 ms goal; README "Bundles" has the figures.
				externalModules: [],
			},
		});
	}

	/**
	 * Tell the function where the table is (its spec's env var) and grant exactly the operations the
	 * registry declares: item operations on the table, Query on the declared indexes, and the table key's
	 * Decrypt (plus Encrypt/GenerateDataKey when it writes) only through DynamoDB.
	 */
	bindTable({ spec, table }: SpecTable, use: TableUse): void {
		this.fn.addEnvironment(spec.envVar, table.tableName);
		if (use.does.length > 0) {
			this.fn.addToRolePolicy(
				new PolicyStatement({ actions: use.does.map((op) => `dynamodb:${op}`), resources: [table.tableArn] }),
			);
		}
		const indexes = use.queries ?? [];
		for (const name of indexes) {
			if (!spec.indexes.some((ix) => ix.name === name)) throw new Error(`${spec.id} has no index ${name}`);
		}
		if (indexes.length > 0) {
			this.fn.addToRolePolicy(
				new PolicyStatement({
					actions: ["dynamodb:Query"],
					resources: indexes.map((name) => `${table.tableArn}/index/${name}`),
				}),
			);
		}
		if (table.encryptionKey) {
			const writes = use.does.some((op) => writeOperations.includes(op));
			this.fn.addToRolePolicy(
				new PolicyStatement({
					actions: ["kms:Decrypt", "kms:DescribeKey", ...(writes ? ["kms:Encrypt", "kms:GenerateDataKey"] : [])],
					resources: [table.encryptionKey.keyArn],
					conditions: { StringEquals: { "kms:ViaService": `dynamodb.${Stack.of(this).region}.amazonaws.com` } },
				}),
			);
		}
	}
}
