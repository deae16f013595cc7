/**
 * cdk-nag (AwsSolutions pack): every finding the stacks keep on purpose, with its reason, in this one
 * place. `npm test` runs the pack over both stages (test/infra/nag.test.ts) and fails on any error that
 * is not acknowledged here; an acknowledgement that no longer matches a finding fails it too, so this
 * list cannot rot. Each entry names the exact finding (rule and, for IAM5, the action or resource).
 */
import { type Stack, Validations } from "aws-cdk-lib";
import type { CfnResource } from "aws-cdk-lib";
import { CfnRoute } from "aws-cdk-lib/aws-apigatewayv2";
import type { IConstruct } from "constructs";
import { functions as registry } from "#shared/specs/functions.ts";
import type { SystemStacks } from "./stacks.ts";

const specs = { functions: registry as Readonly<Record<string, { sms?: boolean }>> };

export interface Acknowledgement {
	/** The construct the finding is on (the acknowledgement covers it and everything below it). */
	readonly scope: IConstruct;
	/** `AwsSolutions-<rule>` or `AwsSolutions-<rule>[<finding>]`. */
	readonly id: string;
	readonly reason: string;
}

const basicExecutionRole =
	"AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]";

const logicalId = (stack: Stack, c: IConstruct) => stack.getLogicalId(c.node.defaultChild as CfnResource);

/** Every acknowledged finding of the system's stacks. */
export function acknowledgements({
	stateless,
	stateful,
}: Pick<SystemStacks, "stateless"> & Partial<Pick<SystemStacks, "stateful">>): Acknowledgement[] {
	const out: Acknowledgement[] = [];
	const ack = (scope: IConstruct | undefined, id: string, reason: string) => {
		if (scope) out.push({ scope, id, reason });
	};

	for (const [name, fn] of stateless.functions) {
		ack(
			fn,
			basicExecutionRole,
			`${name}: the AWS managed policy only lets the function write its own CloudWatch logs (its log group is explicit, retention per stage, encrypted)`,
		);
		ack(
			fn,
			"AwsSolutions-IAM5[Resource::*]",
			`${name}: X-Ray's PutTraceSegments/PutTelemetryRecords (active tracing), and for workflow callers the task-token actions, for stream consumers dynamodb:ListStreams, have no resource-level permissions in IAM${specs.functions[name]?.sms ? "; sms-voice:SendTextMessage is granted on * because the origination identity and configuration set are deployment settings outside the stack" : ""}; every table action is on the table or index ARN`,
		);
	}

	for (const workflow of stateless.workflows.values()) {
		ack(
			workflow.stateMachine,
			"AwsSolutions-IAM5[Resource::*]",
			"the state machine's log delivery (logs:CreateLogDelivery and friends) and X-Ray actions have no resource-level permissions",
		);
		for (const name of new Set(Object.values(workflow.spec.substitutions))) {
			const fn = stateless.functions.get(name);
			if (!fn) continue;
			ack(
				workflow.stateMachine,
				`AwsSolutions-IAM5[Resource::<${logicalId(stateless, fn.fn)}.Arn>:*]`,
				"invoking a step function by any of its versions (`<arn>:*`) is how CDK grants invoke; it names this one function",
			);
		}
	}

	// The routes without an authorizer: the public ones of the route table and $default.
	const publicRoutes = stateless.api.node.children.filter((c) => {
		const cfn = c.node.defaultChild;
		return cfn instanceof CfnRoute && (cfn.authorizationType === undefined || cfn.authorizationType === "NONE");
	});
	for (const route of publicRoutes) {
		ack(
			route,
			"AwsSolutions-APIG4",
			"public by design (api.md): online submission, tracking and the petitioner's requests carry a case id and query code instead of an account; the $default route only answers 404/405",
		);
	}

	for (const sub of stateless.streamSubscriptions.values()) {
		ack(
			sub.deadLetterQueue,
			"AwsSolutions-SQS3",
			"this queue is itself the dead-letter destination of the stream mapping",
		);
	}

	const web = stateless.web;
	ack(
		web.distribution,
		"AwsSolutions-CFR1",
		"no geo restriction: petitioners may write from anywhere, including abroad",
	);
	if (!web.webAcl) {
		ack(
			web.distribution,
			"AwsSolutions-CFR2",
			"the WAF web ACL is optional (-c waf=true, us-east-1 only, billed monthly); without it the API's stage and route throttles still apply",
		);
	}
	ack(
		web.distribution,
		"AwsSolutions-CFR3",
		"no CloudFront access logs: every API request is already logged by the HTTP API's access log; page fetches carry no data worth auditing",
	);
	ack(
		web.distribution,
		"AwsSolutions-CFR4",
		"the default *.cloudfront.net certificate cannot set a minimum TLS version; a custom domain with an ACM certificate (TLS 1.2) is a deployment option (docs/deploy.md)",
	);
	ack(
		web.bucket,
		"AwsSolutions-S1",
		"the bucket holds only the public pages, read only through CloudFront; no server access log",
	);

	// Evidence files: each function that signs URLs or checks uploads may touch objects under evidence/ only.
	if (stateful) {
		const evidenceArn = `<${logicalId(stateful, stateful.evidence)}.Arn>/evidence/*`;
		for (const [name, fn] of stateless.functions) {
			if (!(registry as Readonly<Record<string, { evidence?: boolean }>>)[name]?.evidence) continue;
			ack(
				fn,
				`AwsSolutions-IAM5[Resource::${evidenceArn}]`,
				`${name}: evidence objects are keyed evidence/<caseId>/<id>; the function reaches only that prefix (Put/Get/DeleteObject)`,
			);
		}
		ack(
			stateful.evidence,
			"AwsSolutions-S1",
			"no server access log: every upload and download goes through a URL a function signed after checking the query code or the staff token, and those requests are in the API's access log; CloudTrail S3 data events are the deployment's option for object-level audit",
		);
	}

	// CDK's own BucketDeployment function, which copies web/ into the bucket at deploy time.
	const deployer = stateless.node.children.find((c) => c.node.id.startsWith("Custom::CDKBucketDeployment"));
	if (deployer) {
		const because =
			"CDK's BucketDeployment function (copies web/ into the pages bucket at deploy time), not ours to change";
		ack(deployer, basicExecutionRole, because);
		ack(deployer, "AwsSolutions-L1", `${because}; its Python runtime is CDK's choice`);
		for (const id of [
			"Action::s3:Abort*",
			"Action::s3:DeleteObject*",
			"Action::s3:GetBucket*",
			"Action::s3:GetObject*",
			"Action::s3:List*",
			"Resource::*",
		]) {
			ack(deployer, `AwsSolutions-IAM5[${id}]`, because);
		}
		ack(deployer, `AwsSolutions-IAM5[Resource::<${logicalId(stateless, web.bucket)}.Arn>/*]`, because);
		ack(
			deployer,
			"AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]",
			`${because}: it reads the staged web/ asset`,
		);
	}

	return out;
}

/** Records every acknowledgement on its construct (cdk-nag reads them through `Validations`). */
export function acknowledgeFindings(
	stacks: Pick<SystemStacks, "stateless"> & Partial<Pick<SystemStacks, "stateful">>,
): Acknowledgement[] {
	const list = acknowledgements(stacks);
	for (const a of list) Validations.of(a.scope).acknowledge({ id: a.id, reason: a.reason });
	return list;
}
