/** Points the AWS SDK of this process at the local parts (the SDK reads these variables itself). */
export function useLocalAws(endpoints: { dynamodb?: string; sfn?: string }): void {
	process.env.AWS_REGION ??= "local";
	process.env.AWS_ACCESS_KEY_ID ??= "local";
	process.env.AWS_SECRET_ACCESS_KEY ??= "local";
	if (endpoints.dynamodb) process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoints.dynamodb;
	if (endpoints.sfn) process.env.AWS_ENDPOINT_URL_SFN = endpoints.sfn;
}
