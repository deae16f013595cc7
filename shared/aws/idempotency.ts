/**
 * Idempotent submissions (header `Idempotency-Key`, 24 h) through Powertools idempotency on the
 * idempotency table. The key and the request body are both part of the record: the same key with the
 * same body returns the stored result; the same key with another body is refused.
 */
import {
	IdempotencyAlreadyInProgressError,
	IdempotencyConfig,
	IdempotencyValidationError,
	makeIdempotent,
} from "@aws-lambda-powertools/idempotency";
import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import type { Context } from "aws-lambda";
import { dynamoDb, tableName } from "#shared/aws/clients.ts";
import { IdempotencyInProgress, IdempotencyKeyReused } from "#shared/domain/errors.ts";
import { idempotencyTable } from "#shared/specs/tables.ts";

let persistence: DynamoDBPersistenceLayer | undefined;

function persistenceStore(): DynamoDBPersistenceLayer {
	persistence ??= new DynamoDBPersistenceLayer({ tableName: tableName(idempotencyTable), awsSdkV3Client: dynamoDb() });
	return persistence;
}

/**
 * Wraps `fn(payload)` so that calls with the same `scope` + `key` run once. `payload` must be the
 * whole request that the key stands for; a different payload under the same key is refused (IdempotencyKeyReused).
 */
export function idempotent<P, R, X = undefined>(scope: string, fn: (payload: P, extra: X) => Promise<R>) {
	const config = new IdempotencyConfig({
		eventKeyJmesPath: "key",
		payloadValidationJmesPath: "payload",
		expiresAfterSeconds: 24 * 3600,
		throwOnNoIdempotencyKey: true,
	});
	// `extra` (the caller's address, a callback) travels with the call but is neither key nor payload.
	const wrapped = makeIdempotent(async (req: { key: string; payload: P; extra: X }) => fn(req.payload, req.extra), {
		persistenceStore: persistenceStore(),
		config,
	});
	return async (key: string, payload: P, context: Context, extra: X): Promise<R> => {
		config.registerLambdaContext(context);
		try {
			// The scope keeps records of different operations apart.
			return (await wrapped({ key: `${scope}:${key}`, payload, extra })) as R;
		} catch (err) {
			if (err instanceof IdempotencyValidationError) throw new IdempotencyKeyReused();
			if (err instanceof IdempotencyAlreadyInProgressError) throw new IdempotencyInProgress();
			throw err;
		}
	};
}
