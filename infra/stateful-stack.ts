/**
 * Stateful resources: everything that holds data and must survive a redeploy of the code. Tables come
 * from the one table spec (shared/specs/tables.ts), the same spec local/tables.ts creates on DynamoDB
 * Local; staff identities live in a Cognito user pool whose JWTs the HTTP API verifies.
 */
import type { Bucket } from "aws-cdk-lib/aws-s3";
import { EvidenceBucket } from "./constructs/evidence-bucket.ts";
import { ArnFormat, CfnOutput, Duration, Stack, type StackProps } from "aws-cdk-lib";
import {
	AccountRecovery,
	CfnUserPoolGroup,
	FeaturePlan,
	Mfa,
	StandardThreatProtectionMode,
	StringAttribute,
	UserPool,
	type UserPoolDomain,
} from "aws-cdk-lib/aws-cognito";
import {
	AttributeType,
	BillingMode,
	ProjectionType,
	StreamViewType,
	Table,
	TableEncryption,
} from "aws-cdk-lib/aws-dynamodb";
import { Effect, PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import type { Construct } from "constructs";
import { type Role, roleSchema } from "#shared/domain/roles.ts";
import type { AttributeType as SpecAttributeType, TableSpec } from "#shared/specs/tables.ts";
import type { Stage } from "./stage.ts";

/** A CDK table together with the spec it was built from (its env var, its stream). */
export interface SpecTable {
	readonly spec: TableSpec;
	readonly table: Table;
}

/** Tables by spec id (`Cases`, `Counters`, …). */
export type SpecTables = ReadonlyMap<string, SpecTable>;

export interface StatefulStackProps extends StackProps {
	readonly stage: Stage;
	readonly tables: readonly TableSpec[];
}

const attributeTypes: Record<SpecAttributeType, AttributeType> = { S: AttributeType.STRING, N: AttributeType.NUMBER };
const streamViews = {
	NEW_IMAGE: StreamViewType.NEW_IMAGE,
	NEW_AND_OLD_IMAGES: StreamViewType.NEW_AND_OLD_IMAGES,
} as const;

const roleDescriptions: Record<Role, string> = {
	intake: "登记与受理 (intake)",
	unit: "责任单位 (handling unit; set custom:unit)",
	reviewer: "复查复核 (reviewing body)",
	leader: "领导 (statistics, masked identities)",
	admin: "管理员 (administrator)",
};

const key = (k: { readonly name: string; readonly type: SpecAttributeType }) => ({
	name: k.name,
	type: attributeTypes[k.type],
});

export class StatefulStack extends Stack {
	/**
	 * The customer-managed key (rotated yearly) for everything that may hold personal data: every table
	 * and its indexes and stream, and every log group of the system (functions, state machine, API access
	 * logs). Functions get Decrypt (and Encrypt/GenerateDataKey if they write) through DynamoDB only.
	 */
	readonly dataKey: Key;
	readonly tables: SpecTables;
	/** Evidence files (证据材料): private, encrypted with the data key, reached through presigned URLs. */
	readonly evidence: Bucket;
	readonly userPool: UserPool;
	/** Cognito's managed login pages (authorization code flow); the app client lives with the pages. */
	readonly userPoolDomain: UserPoolDomain;

	private readonly stage: Stage;

	constructor(scope: Construct, id: string, props: StatefulStackProps) {
		super(scope, id, props);
		this.stage = props.stage;

		this.dataKey = new Key(this, "DataKey", {
			description: `Petition (信访) system, ${props.stage.name}: tables, their streams and the system's log groups`,
			enableKeyRotation: true,
			removalPolicy: props.stage.dataRemoval,
			// dev: the key goes with the stack after the shortest waiting period.
			...(props.stage.name === "dev" ? { pendingWindow: Duration.days(7) } : {}),
		});
		// CloudWatch Logs encrypts the system's log groups with it, and only log groups of this account and region.
		this.dataKey.addToResourcePolicy(
			new PolicyStatement({
				sid: "LogGroupsOfThisAccount",
				effect: Effect.ALLOW,
				principals: [new ServicePrincipal(`logs.${this.region}.amazonaws.com`)],
				actions: [
					"kms:Encrypt",
					"kms:Decrypt",
					"kms:ReEncryptFrom",
					"kms:ReEncryptTo",
					"kms:GenerateDataKey",
					"kms:DescribeKey",
				],
				resources: ["*"],
				conditions: {
					ArnLike: {
						"kms:EncryptionContext:aws:logs:arn": this.formatArn({
							service: "logs",
							resource: "log-group",
							resourceName: "*",
							arnFormat: ArnFormat.COLON_RESOURCE_NAME,
						}),
					},
				},
			}),
		);

		const tables = new Map<string, SpecTable>();
		for (const spec of props.tables) {
			if (tables.has(spec.id)) throw new Error(`table spec id ${spec.id} is used twice`);
			tables.set(spec.id, { spec, table: this.tableFromSpec(spec) });
		}
		this.tables = tables;
		this.evidence = new EvidenceBucket(this, "Evidence", {
			key: this.dataKey,
			removalPolicy: props.stage.dataRemoval,
		}).bucket;

		this.userPool = new UserPool(this, "StaffPool", {
			// Staff accounts are created by administrators, never by sign-up.
			selfSignUpEnabled: false,
			signInAliases: { username: true, email: true },
			accountRecovery: AccountRecovery.EMAIL_ONLY,
			// Every staff member signs in with a password and a TOTP authenticator app (no SMS codes).
			mfa: Mfa.REQUIRED,
			// Plus: threat protection (compromised credentials, adaptive authentication) enforced; a few
			// cents per staff member a month.
			featurePlan: FeaturePlan.PLUS,
			standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
			mfaSecondFactor: { otp: true, sms: false },
			passwordPolicy: {
				minLength: 12,
				requireLowercase: true,
				requireUppercase: true,
				requireDigits: true,
				requireSymbols: true,
				tempPasswordValidity: Duration.days(3),
			},
			// The claims handlers read (shared/http/claims.ts) besides the role: region and, for handling
			// units, unit. The role is the user's group (below), not an attribute.
			customAttributes: {
				region: new StringAttribute({ mutable: true, minLen: 1, maxLen: 32 }),
				unit: new StringAttribute({ mutable: true, maxLen: 64 }),
			},
			deletionProtection: props.stage.deletionProtection,
			removalPolicy: props.stage.dataRemoval,
		});

		// One group per role. Cognito puts a user's groups in every token (`cognito:groups`) and
		// shared/http/claims.ts maps the one role group to the `role` claim: no token trigger to run,
		// and only an administrator can change a membership.
		for (const role of roleSchema.options) {
			new CfnUserPoolGroup(this, `Role-${role}`, {
				userPoolId: this.userPool.userPoolId,
				groupName: role,
				description: roleDescriptions[role],
			});
		}

		// The managed login pages for the authorization code flow, on a Cognito domain of this stage.
		this.userPoolDomain = this.userPool.addDomain("Login", {
			cognitoDomain: { domainPrefix: `xinfang-${props.stage.name}-${this.account}` },
		});

		new CfnOutput(this, "StaffPoolId", { value: this.userPool.userPoolId });
		new CfnOutput(this, "LoginDomain", { value: this.userPoolDomain.baseUrl() });
	}

	private tableFromSpec(spec: TableSpec): Table {
		const table = new Table(this, spec.id, {
			partitionKey: key(spec.partition),
			...(spec.sort ? { sortKey: key(spec.sort) } : {}),
			billingMode: BillingMode.PAY_PER_REQUEST,
			encryption: TableEncryption.CUSTOMER_MANAGED,
			encryptionKey: this.dataKey,
			...(spec.ttlAttribute ? { timeToLiveAttribute: spec.ttlAttribute } : {}),
			...(spec.stream ? { stream: streamViews[spec.stream.view] } : {}),
			pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
			// In prod case records are the legal record of a petition: never dropped with a stack.
			deletionProtection: this.stage.deletionProtection,
			removalPolicy: this.stage.dataRemoval,
		});
		for (const index of spec.indexes) {
			// Only what the index's readers read (the spec's projection): less personal data copied, smaller index writes.
			if (!index.projection) throw new Error(`index ${spec.id}.${index.name} declares no projection`);
			table.addGlobalSecondaryIndex({
				indexName: index.name,
				partitionKey: key(index.partition),
				...(index.sort ? { sortKey: key(index.sort) } : {}),
				...(index.projection.length === 0
					? { projectionType: ProjectionType.KEYS_ONLY }
					: { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...index.projection] }),
			});
		}
		return table;
	}
}
