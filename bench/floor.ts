/**
 * What the benches share to stand their figures next to DynamoDB Local's own: a plain client of it,
 * the floor's unit (one two-item TransactWriteItems), and the local API driven as a bench drives it.
 */
import { DynamoDBClient, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";

/** A client of DynamoDB Local for a bench's own measurements and checks (not the system's clients). */
export function rawClient(endpoint: string): DynamoDBClient {
	return new DynamoDBClient({ endpoint, region: "local", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
}

/** The floor's unit: each call one TransactWriteItems putting two fresh items of `body()` in the counters table. */
export function twoItemTransaction(raw: DynamoDBClient, body: () => string): () => Promise<void> {
	let k = 0;
	return async () => {
		k++;
		const item = (sk: string) => ({
			Put: { TableName: "counters", Item: { pk: { S: `floor#${k}` }, sk: { S: sk }, body: { S: body() } } },
		});
		await raw.send(new TransactWriteItemsCommand({ TransactItems: [item("a"), item("b")] }));
	};
}

/** The local API as a bench calls it: JSON in and out; anything but 2xx throws with the answer. */
export function strictJson(baseUrl: string) {
	return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
		const res = await fetch(`${baseUrl}${path}`, {
			method,
			headers: { ...(body ? { "content-type": "application/json" } : {}), ...headers },
			...(body ? { body: JSON.stringify(body) } : {}),
		});
		const json = (await res.json()) as Record<string, unknown>;
		if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
		return json;
	};
}
