/**
 * Failed query-code attempts per address, counted in fixed windows on the rate-limits table
 * (`RATE#query-code#<ip>`, one item per window, expiring by TTL).
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";

export interface AccessFailures {
	/** Failures from `ip` in the window holding `now`. */
	count(ip: string, now: number): Promise<number>;
	/** Counts one more failure, up to `max` (further ones change nothing). */
	record(ip: string, now: number, max: number): Promise<void>;
}

export function accessFailures(doc: DynamoDBDocumentClient, table: string, windowSeconds: number): AccessFailures {
	const bucketKey = (ip: string, now: number) => ({ pk: `RATE#query-code#${ip}`, sk: String(Math.floor(now / 1000 / windowSeconds)) });
	return {
		async count(ip, now) {
			const out = await doc.send(new GetCommand({ TableName: table, Key: bucketKey(ip, now) }));
			return Number(out.Item?.n ?? 0);
		},
		async record(ip, now, max) {
			try {
				await doc.send(
					new UpdateCommand({
						TableName: table,
						Key: bucketKey(ip, now),
						UpdateExpression: "ADD n :one SET expiresAt = if_not_exists(expiresAt, :exp)",
						ConditionExpression: "attribute_not_exists(n) OR n < :max",
						ExpressionAttributeValues: { ":one": 1, ":max": max, ":exp": Math.floor(now / 1000) + 2 * windowSeconds },
					}),
				);
			} catch (err) {
				if (!(err instanceof ConditionalCheckFailedException)) throw err;
			}
		},
	};
}
