/**
 * Points the AWS SDK of this process at the local parts (the SDK reads these variables itself), and
 * gives every table variable its local name unless the caller already chose one (a test's prefix):
 * handlers read them strictly (shared/aws/env.ts), the same way as on AWS.
 */
import { appTables } from "#shared/specs/tables.ts";

export function useLocalAws(endpoints: { dynamodb?: string; sfn?: string }): void {
	process.env.AWS_REGION ??= "local";
	process.env.AWS_ACCESS_KEY_ID ??= "local";
	process.env.AWS_SECRET_ACCESS_KEY ??= "local";
	if (endpoints.dynamodb) process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoints.dynamodb;
	if (endpoints.sfn) process.env.AWS_ENDPOINT_URL_SFN = endpoints.sfn;
	for (const spec of appTables) process.env[spec.envVar] ||= spec.localName;
}
