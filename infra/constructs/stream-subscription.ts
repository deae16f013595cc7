/**
 * A registry function fed by a table's DynamoDB stream (its `stream` entry in shared/specs/functions.ts):
 * one event source mapping filtered to the spec's item kinds, reporting partial batch failures, with a
 * dead-letter queue for batches it gives up on. local/stream-poller.ts is the local twin.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { FilterCriteria, FilterRule, StartingPosition } from "aws-cdk-lib/aws-lambda";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { FunctionSpec } from "#shared/specs/functions.ts";
import type { SpecTable } from "../stateful-stack.ts";
import type { RegistryFunction } from "./registry-function.ts";

export type StreamSpec = NonNullable<FunctionSpec["stream"]>;

export interface StreamSubscriptionProps {
	/** The registry function the stream invokes. */
	readonly function: RegistryFunction;
	/** Its registry entry's `stream`. */
	readonly stream: StreamSpec;
	/** The table the stream belongs to, as built by the stateful stack. */
	readonly table: SpecTable;
}

/** Retries of a failing batch (halved each time by bisection) before it goes to the dead-letter queue. */
export const STREAM_RETRY_ATTEMPTS = 10;

/**
 * A record older than this goes to the dead-letter queue instead of being retried. DynamoDB keeps stream
 * records 24 hours; giving up well before that leaves most of a day to read the failed range from the
 * stream with the shard and sequence numbers the queue message carries. Either way the counters are then
 * short and `npm run recount` (docs/stats.md) repairs them.
 */
export const STREAM_MAX_RECORD_AGE = Duration.hours(6);

/** `{"dynamodb": {"NewImage": {"kind": {"S": [<kinds>]}}}}`: only the item kinds the spec lists. */
export function itemKindFilter(itemKinds: readonly string[]): Record<string, unknown> {
	const [first, ...rest] = itemKinds;
	if (first === undefined) throw new Error("a stream subscription needs at least one item kind");
	return FilterCriteria.filter({
		dynamodb: {
			NewImage: { kind: { S: rest.length === 0 ? FilterRule.isEqual(first) : FilterRule.or(first, ...rest) } },
		},
	});
}

export class StreamSubscription extends Construct {
	/**
	 * Where the mapping sends the batches it gives up on. It lives in the stateless stack beside the mapping:
	 * a message holds no record, only the shard and sequence range of the failed batch (DynamoDB stream
	 * on-failure destinations carry metadata), which is worthless once the stream has trimmed those records
	 * after 24 hours — nothing in it must outlive a redeploy of the code. Messages are kept the SQS maximum
	 * of 14 days so an operator sees them, and recount repairs the counters.
	 */
	readonly deadLetterQueue: Queue;

	constructor(scope: Construct, id: string, props: StreamSubscriptionProps) {
		super(scope, id);
		const { stream, table } = props;
		if (!table.spec.stream) throw new Error(`table ${table.spec.id} has no stream in the table spec`);
		const offered = new Set(table.spec.stream.itemKinds);
		const missing = stream.itemKinds.filter((k) => !offered.has(k));
		if (missing.length > 0) {
			throw new Error(`the stream of table ${table.spec.id} is not declared to carry item kinds ${missing.join(", ")}`);
		}

		this.deadLetterQueue = new Queue(this, "DeadLetters", {
			retentionPeriod: Duration.days(14),
			encryption: QueueEncryption.SQS_MANAGED,
			enforceSSL: true,
			removalPolicy: RemovalPolicy.DESTROY,
		});

		// Also grants the function stream read (DescribeStream, GetRecords, GetShardIterator on the stream
		// ARN, ListStreams) and SendMessage on the queue.
		props.function.fn.addEventSource(
			new DynamoEventSource(table.table, {
				// From the oldest record the stream still holds: a new or re-created mapping misses nothing.
				startingPosition: StartingPosition.TRIM_HORIZON,
				batchSize: stream.batchSize,
				// The handler returns `{ batchItemFailures }`: a retry starts at the first failed record.
				reportBatchItemFailures: true,
				// A batch that keeps failing is split in two until the failing record stands alone.
				bisectBatchOnError: true,
				retryAttempts: STREAM_RETRY_ATTEMPTS,
				maxRecordAge: STREAM_MAX_RECORD_AGE,
				// One batch per shard at a time. The handler applies a case's events in stream order (some deltas
				// depend on the case's earlier events); Lambda keeps a partition key's records in order even
				// above 1, and applying is idempotent (a marker per event), so raising it would not double-count
				// — but 1 keeps each shard strictly sequential and the write load on the counters table bounded.
				parallelizationFactor: 1,
				onFailure: new SqsDlq(this.deadLetterQueue),
				filters: [itemKindFilter(stream.itemKinds)],
			}),
		);
	}
}
