/** Creates the tables of a table spec on DynamoDB Local (idempotent). */
import {
	CreateTableCommand,
	type CreateTableCommandInput,
	DescribeTableCommand,
	type DynamoDBClient,
	ResourceNotFoundException,
	UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import type { TableSpec } from "#shared/specs/tables.ts";

function createTableInput(spec: TableSpec, name: string): CreateTableCommandInput {
	const attrs = new Map<string, string>();
	const keyOf = (k: { partition: { name: string; type: string }; sort?: { name: string; type: string } }) => {
		attrs.set(k.partition.name, k.partition.type);
		const schema = [{ AttributeName: k.partition.name, KeyType: "HASH" as const }];
		if (k.sort) {
			attrs.set(k.sort.name, k.sort.type);
			schema.push({ AttributeName: k.sort.name, KeyType: "RANGE" as never });
		}
		return schema;
	};
	const KeySchema = keyOf(spec);
	const GlobalSecondaryIndexes = spec.indexes.map((ix) => ({
		IndexName: ix.name,
		KeySchema: keyOf(ix),
		Projection: !ix.projection
			? { ProjectionType: "ALL" as const }
			: ix.projection.length === 0
				? { ProjectionType: "KEYS_ONLY" as const }
				: { ProjectionType: "INCLUDE" as const, NonKeyAttributes: [...ix.projection] },
	}));
	return {
		TableName: name,
		BillingMode: "PAY_PER_REQUEST",
		KeySchema,
		AttributeDefinitions: [...attrs].map(([AttributeName, AttributeType]) => ({
			AttributeName,
			AttributeType: AttributeType as "S" | "N",
		})),
		...(GlobalSecondaryIndexes.length ? { GlobalSecondaryIndexes } : {}),
		...(spec.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream.view } } : {}),
	};
}

export async function ensureTables(
	client: DynamoDBClient,
	specs: readonly TableSpec[],
	nameOf: (spec: TableSpec) => string = (s) => s.localName,
): Promise<void> {
	for (const spec of specs) {
		const name = nameOf(spec);
		try {
			await client.send(new DescribeTableCommand({ TableName: name }));
			continue;
		} catch (err) {
			if (!(err instanceof ResourceNotFoundException)) throw err;
		}
		await client.send(new CreateTableCommand(createTableInput(spec, name)));
		if (spec.ttlAttribute) {
			await client.send(
				new UpdateTimeToLiveCommand({
					TableName: name,
					TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true },
				}),
			);
		}
	}
}
