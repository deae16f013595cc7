/**
 * The evidence bucket (证据材料): private, encrypted with the system's data key, TLS only. Browsers put
 * and get files only through presigned URLs that the functions sign (shared/aws/evidence-s3.ts); CORS
 * allows exactly those two methods. Uploads never completed leave objects that are deleted after a day
 * only if nothing recorded them — the functions delete refused files themselves.
 */
import { Duration, type RemovalPolicy } from "aws-cdk-lib";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { Construct } from "constructs";

export interface EvidenceBucketProps {
	readonly key: IKey;
	readonly removalPolicy: RemovalPolicy;
}

export class EvidenceBucket extends Construct {
	readonly bucket: Bucket;

	constructor(scope: Construct, id: string, props: EvidenceBucketProps) {
		super(scope, id);
		this.bucket = new Bucket(this, "Bucket", {
			blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
			objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
			encryption: BucketEncryption.KMS,
			encryptionKey: props.key,
			bucketKeyEnabled: true,
			enforceSSL: true,
			removalPolicy: props.removalPolicy,
			cors: [
				{
					allowedMethods: [HttpMethods.PUT, HttpMethods.GET],
					allowedOrigins: ["*"],
					allowedHeaders: ["content-type"],
					maxAge: 600,
				},
			],
			lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
		});
	}
}
