/**
 * The local twin of a Lambda event source mapping on a DynamoDB stream: for every function of the
 * registry with a `stream`, reads that table's stream on DynamoDB Local (DescribeTable →
 * LatestStreamArn, DescribeStream → shards, GetShardIterator, GetRecords) and invokes the function
 * in-process (local/functions.ts) with the same `DynamoDBStreamEvent` shape, keeping only the item
 * kinds the function's filter names, as AWS's filter criteria would.
 *
 * Failures behave as with ReportBatchItemFailures: a batch is delivered again from its first failed
 * record until it succeeds. The position is not stored: on start every shard is read from
 * TRIM_HORIZON, so records already applied are delivered again — harmless, since the aggregator
 * skips any event its case state lists as applied (and DynamoDB Local, like AWS, trims stream records
 * after 24 hours).
 *
 * Time: the poller runs on real time (it is plumbing, not a deadline); `drain()` resolves once every
 * record written before the call has been delivered, so tests and the virtual clock can wait for it.
 * An idle poller reads every `idleMs` (50 ms), so a record waits at most that long plus its delivery;
 * a busy one (its last cycle found records) every `batchMs` (200 ms), like an event source mapping's
 * batching window: under load each delivery carries many records, so the consumers write once per
 * batch rather than once per record or two;
 * `lag()` reports the bound per delivered record: delivery time minus the start of the previous read
 * of its shard (the record was not there yet, or that read would have returned it).
 */
import {
	DescribeStreamCommand,
	DynamoDBStreamsClient,
	ExpiredIteratorException,
	GetRecordsCommand,
	type GetRecordsCommandOutput,
	GetShardIteratorCommand,
	TrimmedDataAccessException,
	type _Record as StreamRecord,
} from "@aws-sdk/client-dynamodb-streams";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBRecord, DynamoDBStreamEvent, DynamoDBBatchResponse } from "aws-lambda";
import { requestHandler, tableName } from "#shared/aws/clients.ts";
import { type FunctionName, functionNames, functions } from "#shared/specs/functions.ts";
import type { TableSpec } from "#shared/specs/tables.ts";
import type { AdvanceableClock } from "#local/clock.ts";
import { invokeFunction } from "#local/functions.ts";
import { logLocalError } from "#local/log.ts";

export interface StreamPollerOptions {
	/** DynamoDB Local's endpoint (it serves the streams API too); default AWS_ENDPOINT_URL_DYNAMODB. */
	endpoint?: string;
	/** How a function is invoked; default: in-process through the registry. */
	invoke?: (name: FunctionName, event: DynamoDBStreamEvent) => Promise<unknown>;
	/** Pause between polls when there is nothing new (ms). */
	idleMs?: number;
	/** Pause between polls while records keep coming (ms): the batching window. */
	batchMs?: number;
	/** Pause before a failed batch is delivered again (ms). */
	retryMs?: number;
}

export interface StreamLag {
	/** Records delivered since the last reset. */
	records: number;
	/** Upper bounds of the time from a record's write to its delivery, in ms. */
	p50Ms: number;
	p99Ms: number;
	maxMs: number;
}

export interface ConsumerWork {
	read: number;
	delivered: number;
	invocations: number;
	invokeMs: number;
}

export interface StreamPoller {
	/** Resolves once every stream record written before the call has been delivered; rejects if a delivery is still failing. */
	drain(): Promise<void>;
	/** How far behind delivery has been since the last call with `reset` (or the start). */
	lag(reset?: boolean): StreamLag;
	/** Per consumer: records read from the stream, records delivered, invocations and ms spent in them, since the start. */
	work(): Record<string, ConsumerWork>;
	stop(): Promise<void>;
}

interface Consumer {
	name: FunctionName;
	table: TableSpec;
	itemKinds: readonly string[];
	batchSize: number;
}

interface Shard {
	id: string;
	parent?: string;
	iterator?: string;
	lastSequence?: string;
	/** Read, not yet delivered successfully (in stream order). */
	pending: StreamRecord[];
	closed: boolean;
	/** A time before which no record of the last read was written (see `drainedAt`). */
	readFloor?: number;
	/** When the last read that came back short (the shard read to its end) started. */
	drainedAt?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Records per GetRecords. */
const READ_LIMIT = 1000;

/** The functions of the registry that consume a stream. */
export function streamConsumers(): Consumer[] {
	return functionNames.flatMap((name) => {
		const spec = functions[name] as (typeof functions)[FunctionName] & { stream?: Omit<Consumer, "name"> };
		return spec.stream ? [{ name, ...spec.stream }] : [];
	});
}

/** A stream record as Lambda delivers it (epoch seconds; attribute values are the same JSON). */
export function toLambdaRecord(r: StreamRecord, streamArn: string): DynamoDBRecord {
	const d = r.dynamodb ?? {};
	return {
		eventID: r.eventID,
		eventName: r.eventName,
		eventVersion: r.eventVersion ?? "1.1",
		eventSource: "aws:dynamodb",
		awsRegion: r.awsRegion ?? process.env.AWS_REGION ?? "local",
		eventSourceARN: streamArn,
		dynamodb: {
			...(d.ApproximateCreationDateTime
				? { ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime.getTime() / 1000) }
				: {}),
			Keys: d.Keys as never,
			...(d.NewImage ? { NewImage: d.NewImage as never } : {}),
			SequenceNumber: d.SequenceNumber,
			SizeBytes: d.SizeBytes,
			StreamViewType: d.StreamViewType,
		},
	};
}

export function startStreamPoller(options: StreamPollerOptions = {}): StreamPoller {
	const endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL_DYNAMODB;
	const clientConfig = { ...(endpoint ? { endpoint } : {}), maxAttempts: 3, requestHandler };
	const ddb = new DynamoDBClient(clientConfig);
	const streams = new DynamoDBStreamsClient(clientConfig);
	const invoke = options.invoke ?? ((name, event) => invokeFunction(name, event));
	const idleMs = options.idleMs ?? 50;
	const batchMs = options.batchMs ?? 200;
	const retryMs = options.retryMs ?? 200;
	const consumers = streamConsumers().map((c) => ({
		...c,
		streamArn: undefined as string | undefined,
		shards: new Map<string, Shard>(),
		work: { read: 0, delivered: 0, invocations: 0, invokeMs: 0 } as ConsumerWork,
		/**
		 * When its shards were last described (ms, performance.now()); -Infinity: on the next pass.
		 * Shards change rarely (a new one when DynamoDB rolls its shards): described on the first pass,
		 * after a shard closes, for a drain, and every few seconds.
		 */
		described: Number.NEGATIVE_INFINITY,
		/** Records read by the current pass (a busy pass waits the batching window before the next). */
		readInPass: 0,
		waiters: [] as { resolve: () => void; reject: (err: unknown) => void }[],
		wake: undefined as (() => void) | undefined,
	}));
	type Reader = (typeof consumers)[number];

	let stopped = false;
	// Lag bounds of delivered records, kept as a bounded sample (the most recent 10,000).
	let lags: number[] = [];
	let lagCount = 0;
	let lagMax = 0;
	const noteLag = (floor: number | undefined, n: number) => {
		if (floor === undefined || n === 0) return;
		const ms = performance.now() - floor;
		lagCount += n;
		lagMax = Math.max(lagMax, ms);
		for (let i = 0; i < n; i++) lags.push(ms);
		if (lags.length > 10_000) lags = lags.slice(-10_000);
	};

	async function discover(c: Reader): Promise<void> {
		if (c.streamArn && performance.now() - c.described < 5000) return;
		if (!c.streamArn) {
			const t = await ddb.send(new DescribeTableCommand({ TableName: tableName(c.table) }));
			c.streamArn = t.Table?.LatestStreamArn;
			if (!c.streamArn) throw new Error(`table ${tableName(c.table)} has no stream`);
		}
		let start: string | undefined;
		do {
			const out = await streams.send(
				new DescribeStreamCommand({ StreamArn: c.streamArn, ExclusiveStartShardId: start }),
			);
			for (const s of out.StreamDescription?.Shards ?? []) {
				if (s.ShardId && !c.shards.has(s.ShardId))
					c.shards.set(s.ShardId, { id: s.ShardId, parent: s.ParentShardId, pending: [], closed: false });
			}
			start = out.StreamDescription?.LastEvaluatedShardId;
		} while (start);
		c.described = performance.now();
	}

	/** Delivers the shard's pending records in batches; false when a batch still fails after a few tries. */
	async function deliver(c: Reader, shard: Shard): Promise<void> {
		let attempt = 0;
		const count = shard.pending.length;
		while (shard.pending.length && !stopped) {
			const batch = shard.pending.slice(0, c.batchSize);
			const records = batch.map((r) => toLambdaRecord(r, c.streamArn ?? ""));
			let failedAt = -1;
			const invoked = performance.now();
			c.work.invocations++;
			c.work.delivered += records.length;
			try {
				const out = (await invoke(c.name, { Records: records })) as DynamoDBBatchResponse | undefined;
				const ids = new Set((out?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
				if (ids.size)
					failedAt = Math.max(
						0,
						records.findIndex((r) => ids.has(r.dynamodb?.SequenceNumber ?? "")),
					);
			} catch (err) {
				logLocalError(`stream delivery to ${c.name}`, err);
				failedAt = 0;
			}
			c.work.invokeMs += performance.now() - invoked;
			if (failedAt < 0) {
				shard.pending.splice(0, batch.length);
				attempt = 0;
				continue;
			}
			shard.pending.splice(0, failedAt);
			if (++attempt >= 3) throw new Error(`${c.name}: a batch of ${tableName(c.table)}'s stream keeps failing`);
			await sleep(retryMs * attempt);
		}
		noteLag(shard.readFloor, count);
	}

	/**
	 * Reads the shard and delivers what it holds. While nobody waits for a drain, one read per cycle
	 * unless it came back full: records written meanwhile wait for the next cycle (`batchMs`), so under
	 * load a batch gathers many records instead of the poller reading (and the consumers writing) for
	 * every one or two. A drain reads until a read comes back empty.
	 */
	async function pollShard(c: Reader, shard: Shard, untilEmpty: boolean): Promise<void> {
		await deliver(c, shard);
		let resets = 0;
		while (!shard.closed && !stopped) {
			if (!shard.iterator) {
				const out = await streams.send(
					new GetShardIteratorCommand({
						StreamArn: c.streamArn,
						ShardId: shard.id,
						...(shard.lastSequence
							? { ShardIteratorType: "AFTER_SEQUENCE_NUMBER", SequenceNumber: shard.lastSequence }
							: { ShardIteratorType: "TRIM_HORIZON" }),
					}),
				);
				shard.iterator = out.ShardIterator;
				if (!shard.iterator) {
					shard.closed = true;
					break;
				}
			}
			let out: GetRecordsCommandOutput;
			const readStart = performance.now();
			try {
				out = await streams.send(new GetRecordsCommand({ ShardIterator: shard.iterator, Limit: READ_LIMIT }));
			} catch (err) {
				if (!(err instanceof ExpiredIteratorException || err instanceof TrimmedDataAccessException) || ++resets > 2)
					throw err;
				shard.iterator = undefined;
				continue;
			}
			const records = out.Records ?? [];
			// Every record written before a read that came back short was in it or an earlier one: what this
			// read returns was written after the last such read started (a full page proves nothing).
			shard.readFloor = shard.drainedAt ?? readStart;
			if (records.length < READ_LIMIT) shard.drainedAt = readStart;
			if (!out.NextShardIterator) {
				shard.closed = true;
				c.described = Number.NEGATIVE_INFINITY;
			}
			// DynamoDB Local refuses an iterator handed out by an empty read once it is read again while the
			// shard is still empty (TrimmedDataAccessException): after an empty read, ask for a new one.
			shard.iterator = records.length ? out.NextShardIterator : undefined;
			const last = records.at(-1)?.dynamodb?.SequenceNumber;
			if (last) shard.lastSequence = last;
			// The event source mapping's filter: only the item kinds the function asked for.
			c.readInPass += records.length;
			c.work.read += records.length;
			shard.pending.push(
				...records.filter((r: StreamRecord) => c.itemKinds.includes(r.dynamodb?.NewImage?.kind?.S ?? "")),
			);
			await deliver(c, shard);
			if (records.length === 0 || (!untilEmpty && records.length < READ_LIMIT)) break;
		}
	}

	/** One pass of a consumer: every shard read until it has nothing new, parents before children. */
	async function pass(c: Reader, untilEmpty: boolean): Promise<void> {
		await discover(c);
		for (let progressed = true; progressed; ) {
			progressed = false;
			for (const shard of c.shards.values()) {
				const parent = shard.parent ? c.shards.get(shard.parent) : undefined;
				if (parent && (!parent.closed || parent.pending.length)) continue;
				const wasClosed = shard.closed && shard.pending.length === 0;
				if (wasClosed) continue;
				await pollShard(c, shard, untilEmpty);
				if (shard.closed && shard.pending.length === 0) progressed = true;
			}
		}
	}

	/**
	 * Each consumer reads the stream in a loop of its own, as each event source mapping does on AWS: one
	 * that is behind (its reads keep coming back full while writes go on) does not hold back the others.
	 */
	async function run(c: Reader): Promise<void> {
		while (!stopped) {
			const served = c.waiters;
			c.waiters = [];
			// a drain must see every shard that exists now
			if (served.length) c.described = Number.NEGATIVE_INFINITY;
			try {
				c.readInPass = 0;
				await pass(c, served.length > 0);
				for (const w of served) w.resolve();
			} catch (err) {
				if (!stopped) logLocalError(`stream poller (${c.name})`, err);
				for (const w of served) w.reject(err);
			}
			if (stopped || c.waiters.length) continue;
			await new Promise<void>((r) => {
				c.wake = r;
				setTimeout(r, c.readInPass > 0 ? batchMs : idleMs);
			});
			c.wake = undefined;
		}
		for (const w of c.waiters) w.reject(new Error("stream poller stopped"));
	}
	const loops = consumers.map(run);

	return {
		lag(reset = false) {
			const sorted = lags.slice().sort((a, b) => a - b);
			const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
			const out = { records: lagCount, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: lagMax };
			if (reset) {
				lags = [];
				lagCount = 0;
				lagMax = 0;
			}
			return out;
		},
		work() {
			return Object.fromEntries(consumers.map((c) => [c.name, { ...c.work }]));
		},
		async drain() {
			if (stopped) throw new Error("stream poller stopped");
			await Promise.all(
				consumers.map(
					(c) =>
						new Promise<void>((resolve, reject) => {
							c.waiters.push({ resolve, reject });
							c.wake?.();
						}),
				),
			);
		},
		async stop() {
			stopped = true;
			for (const c of consumers) c.wake?.();
			await Promise.all(loops);
			ddb.destroy();
			streams.destroy();
		},
	};
}

/** A virtual clock whose `advance` also waits until the stream has been applied (for `POST /local/clock/advance`). */
export function drainingClock(clock: AdvanceableClock, poller: StreamPoller): AdvanceableClock {
	return {
		now: () => clock.now(),
		setTimer: (at, fn) => clock.setTimer(at, fn),
		track: (work) => clock.track(work),
		settle: () => clock.settle(),
		async advance(ms) {
			const now = await clock.advance(ms);
			await poller.drain();
			return now;
		},
	};
}
