/**
 * Deployment stages. `cdk synth|deploy -c stage=dev|prod` (default dev) picks one; every stack name
 * carries it (`Xinfang-dev-Stateful`, `Xinfang-prod-Stateless`, …), so both stages can live in one
 * account and region. dev is disposable: `cdk destroy` removes its tables, user pool and logs too.
 * prod keeps its data: tables, user pool and the key are retained and deletion-protected, logs are
 * kept at least 180 days (PRC Cybersecurity Law art. 21 asks for no less than six months), and the
 * functions ship without source maps (smaller bundles, faster cold starts).
 */
import { RemovalPolicy } from "aws-cdk-lib";
import { RetentionDays } from "aws-cdk-lib/aws-logs";

export const stageNames = ["dev", "prod"] as const;
export type StageName = (typeof stageNames)[number];

export interface Stage {
	readonly name: StageName;
	/** For everything that holds data: tables, the user pool, the key, the web bucket. */
	readonly dataRemoval: RemovalPolicy;
	/** DynamoDB and Cognito deletion protection. */
	readonly deletionProtection: boolean;
	/** Every log group: functions, state machines, API access logs. */
	readonly logRetention: RetentionDays;
	/** What happens to a log group when its stack is deleted. */
	readonly logRemoval: RemovalPolicy;
	/** Bundle source maps (and `--enable-source-maps`) into the functions. */
	readonly sourceMaps: boolean;
}

export const stages: Readonly<Record<StageName, Stage>> = {
	dev: {
		name: "dev",
		dataRemoval: RemovalPolicy.DESTROY,
		deletionProtection: false,
		logRetention: RetentionDays.ONE_MONTH,
		logRemoval: RemovalPolicy.DESTROY,
		sourceMaps: true,
	},
	prod: {
		name: "prod",
		dataRemoval: RemovalPolicy.RETAIN,
		deletionProtection: true,
		logRetention: RetentionDays.SIX_MONTHS,
		logRemoval: RemovalPolicy.RETAIN,
		sourceMaps: false,
	},
};

/** The stage a `-c stage=…` context value names; anything else is refused rather than guessed. */
export function stageOf(value: unknown): Stage {
	const name = value ?? "dev";
	if (typeof name !== "string" || !(stageNames as readonly string[]).includes(name)) {
		throw new Error(`unknown stage ${JSON.stringify(value)}: use -c stage=${stageNames.join("|")}`);
	}
	return stages[name as StageName];
}

/** `Xinfang-<stage>-<part>`: the stack name, and the prefix of every named resource in it. */
export const stackName = (stage: Stage, part: string) => `Xinfang-${stage.name}-${part}`;
