/** Every item a Query matches, following LastEvaluatedKey page after page. */
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from "@aws-sdk/lib-dynamodb";

export async function queryAll(
	doc: DynamoDBDocumentClient,
	input: Omit<QueryCommandInput, "ExclusiveStartKey">,
): Promise<Record<string, unknown>[]> {
	const items: Record<string, unknown>[] = [];
	let start: Record<string, unknown> | undefined;
	do {
		const out = await doc.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
		items.push(...(out.Items ?? []));
		start = out.LastEvaluatedKey;
	} while (start);
	return items;
}
