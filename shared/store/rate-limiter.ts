/**
 * Sliding-window rate limits on the rate-limits table. A key's count lives in one item per fixed window
 * (pk = key, sk = window number); the estimate over the last `windowSeconds` is the current window's
 * count plus the previous window's, weighted by how much of it still lies inside the sliding window.
 * A request is admitted by one conditional increment (`ADD n 1 IF n < cap`), so concurrent requests
 * cannot all read the same count and pass together: at most `max` are admitted, however many arrive
 * at once, and a burst across a fixed window's edge does not pass twice.
 */
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";

export interface RateLimit {
	readonly max: number;
	readonly windowSeconds: number;
}

/** An admitted request; `refund()` gives its unit back (e.g. a query code that turned out right). */
export interface Admission {
	readonly admitted: true;
	refund(): Promise<void>;
}
export interface Refusal {
	readonly admitted: false;
	readonly retryAfterSeconds: number;
}

export interface RateLimiter {
	/** Takes one unit of `key` under `limit` at `nowMs`, or refuses with how long to wait. */
	admit(key: string, limit: RateLimit, nowMs: number): Promise<Admission | Refusal>;
}

export function rateLimiter(doc: DynamoDBDocumentClient, table: string): RateLimiter {
	const itemKey = (key: string, window: number) => ({ pk: `RATE#${key}`, sk: String(window) });
	return {
		async admit(key, limit, nowMs) {
			const nowS = nowMs / 1000;
			const window = Math.floor(nowS / limit.windowSeconds);
			const intoWindow = (nowS - window * limit.windowSeconds) / limit.windowSeconds;
			const retryAfterSeconds = Math.max(1, Math.ceil((1 - intoWindow) * limit.windowSeconds));
			const prev = await doc.send(
				new GetCommand({ TableName: table, Key: itemKey(key, window - 1), ConsistentRead: true }),
			);
			const carried = Number(prev.Item?.n ?? 0) * (1 - intoWindow);
			const cap = Math.floor(limit.max - carried + 1e-9);
			if (cap <= 0) return { admitted: false, retryAfterSeconds };
			try {
				await doc.send(
					new UpdateCommand({
						TableName: table,
						Key: itemKey(key, window),
						UpdateExpression: "ADD n :one SET expiresAt = if_not_exists(expiresAt, :exp)",
						ConditionExpression: "attribute_not_exists(n) OR n < :cap",
						// TTL counts in wall-clock time: on a virtual clock set in the past the items must not expire at once.
						ExpressionAttributeValues: {
							":one": 1,
							":cap": cap,
							":exp": Math.ceil(Math.max(nowS, Date.now() / 1000)) + 2 * limit.windowSeconds,
						},
					}),
				);
			} catch (err) {
				if (err instanceof ConditionalCheckFailedException) return { admitted: false, retryAfterSeconds };
				throw err;
			}
			return {
				admitted: true,
				refund: async () => {
					await doc.send(
						new UpdateCommand({
							TableName: table,
							Key: itemKey(key, window),
							UpdateExpression: "ADD n :minus",
							ExpressionAttributeValues: { ":minus": -1 },
						}),
					);
				},
			};
		},
	};
}

/** Admits a request against every limit, or refuses it (giving back what it took) with the longest wait. */
export async function admitAll(
	limiter: RateLimiter,
	limits: readonly { key: string; limit: RateLimit }[],
	nowMs: number,
): Promise<Admission | Refusal> {
	const taken: Admission[] = [];
	for (const { key, limit } of limits) {
		const r = await limiter.admit(key, limit, nowMs);
		if (!r.admitted) {
			await Promise.all(taken.map((t) => t.refund()));
			return r;
		}
		taken.push(r);
	}
	return {
		admitted: true,
		refund: async () => {
			await Promise.all(taken.map((t) => t.refund()));
		},
	};
}
