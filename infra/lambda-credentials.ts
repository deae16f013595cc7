/**
 * The AWS SDK's default credential chain as Lambda needs it: the execution role's credentials are in
 * the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), so the bundles replace
 * `@aws-sdk/credential-provider-node` (SSO, INI files, STS web identity, IMDS, process…) with this one
 * source (esbuild alias in infra/constructs/registry-function.ts). About 80 KB less per bundle. The
 * local home does not use it: it runs the real chain.
 */
interface Credentials {
	accessKeyId: string;
	secretAccessKey: string;
	sessionToken?: string;
}

export const defaultProvider = (_init?: unknown) => async (): Promise<Credentials> => {
	const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
	const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
	if (!accessKeyId || !secretAccessKey)
		throw new Error("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set (the Lambda runtime sets them)");
	const sessionToken = process.env.AWS_SESSION_TOKEN;
	return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
};
