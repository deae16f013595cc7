/**
 * Paged case listings over the cases table's indexes: one or more index partitions (a holder's queue,
 * or a region's counties for a year), merged newest first, filtered, with an opaque cursor.
 *
 * Position: every index sort key is `receivedAt#caseId`, unique within a partition, so "continue
 * after this item" is `sk < item's sk` — the sort key of DynamoDB's LastEvaluatedKey is all a
 * partition needs to resume. Several partitions are merged by sort key; the cursor keeps one such
 * bound per partition that is not yet exhausted, which also covers items fetched but not yet shown.
 */
import { createHash } from "node:crypto";
import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import * as z from "#shared/zod.ts";
import { type Case, caseSchema, type Stage, type Status } from "#shared/domain/case.ts";
import { InvalidCursor } from "#shared/domain/errors.ts";
import { caseSummaryAttributes, casesTable } from "#shared/specs/tables.ts";

/** A queue row as the indexes hold it: the attributes they project (shared/specs/tables.ts). */
export type CaseSummary = Pick<Case, (typeof caseSummaryAttributes)[number]>;

const caseSummarySchema = z.pick(
	caseSchema,
	Object.fromEntries(caseSummaryAttributes.map((a) => [a, true])) as {
		[K in (typeof caseSummaryAttributes)[number]]: true;
	},
);

/** Parses an index item (keys and projected attributes) into a queue row. */
export const caseSummaryFromItem = (item: Record<string, unknown>): CaseSummary => caseSummarySchema.parse(item);

export type CaseIndex = (typeof casesTable.indexes)[number]["name"];

export interface CaseFilters {
	status?: Status;
	stage?: Stage;
	unit?: string;
	overdue?: boolean;
	/** A county: only its cases (for queues whose partition spans several counties). */
	region?: string;
}

export interface CasePageRequest {
	index: CaseIndex;
	partitions: readonly string[];
	filters: CaseFilters;
	limit: number;
	cursor?: string;
}

export interface CasePage {
	items: CaseSummary[];
	cursor: string | null;
}

const cursorSchema = z.strictObject({
	v: z.literal(1),
	at: z.record(z.string(), z.string().check(z.minLength(1), z.maxLength(200))),
	sum: z.string(),
});

/**
 * A checksum over the position and the query it belongs to. It is not a secret (nothing is gained by
 * forging one: partitions are recomputed from the caller's claims on every page); it makes an
 * edited, truncated or reused-with-other-filters cursor a clear InvalidCursor instead of a silently odd page.
 */
function checksum(req: CasePageRequest, at: Record<string, string>): string {
	const f = req.filters;
	const canonical = JSON.stringify([
		req.index,
		req.partitions.map((p) => [p, at[p] ?? null]),
		[f.status ?? null, f.stage ?? null, f.unit ?? null, f.overdue ?? null, f.region ?? null],
	]);
	return createHash("sha256").update(canonical).digest("base64url").slice(0, 22);
}

function encodeCursor(req: CasePageRequest, at: Record<string, string>): string {
	return Buffer.from(JSON.stringify({ v: 1, at, sum: checksum(req, at) })).toString("base64url");
}

function decodeCursor(req: CasePageRequest, cursor: string): Record<string, string> {
	let raw: unknown;
	try {
		raw = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
	} catch {
		throw new InvalidCursor();
	}
	const parsed = cursorSchema.safeParse(raw);
	if (!parsed.success) throw new InvalidCursor();
	const { at, sum } = parsed.data;
	if (Object.keys(at).some((p) => !req.partitions.includes(p)) || checksum(req, at) !== sum) throw new InvalidCursor();
	return at;
}

function filterExpression(f: CaseFilters) {
	const names: Record<string, string> = {};
	const values: Record<string, unknown> = {};
	const parts: string[] = [];
	for (const [attr, value] of Object.entries({
		status: f.status,
		stage: f.stage,
		unit: f.unit,
		overdue: f.overdue,
		region: f.region,
	})) {
		if (value === undefined) continue;
		names[`#${attr}`] = attr;
		values[`:${attr}`] = value;
		parts.push(`#${attr} = :${attr}`);
	}
	return { expression: parts.length ? parts.join(" AND ") : undefined, names, values };
}

interface Stream {
	partition: string;
	buffer: Record<string, unknown>[];
	/** Next fetch reads sort keys below this; undefined = from the newest. */
	before?: string;
	done: boolean;
}

export type CaseQueries = ReturnType<typeof caseQueries>;

export function caseQueries(doc: DynamoDBDocumentClient, table: string) {
	return {
		async page(req: CasePageRequest): Promise<CasePage> {
			const index = casesTable.indexes.find((ix) => ix.name === req.index);
			if (!index) throw new Error(`unknown index ${req.index}`);
			const indexName = index.name;
			const pk = index.partition.name;
			const sk = index.sort.name;
			const filter = filterExpression(req.filters);
			const at = req.cursor === undefined ? undefined : decodeCursor(req, req.cursor);
			const streams: Stream[] = req.partitions.map((partition) => ({
				partition,
				buffer: [],
				before: at?.[partition],
				done: at !== undefined && at[partition] === undefined,
			}));

			// Until the stream shows an item or ends; a filtered-out stretch can return empty pages.
			async function fill(s: Stream): Promise<void> {
				while (!s.buffer.length && !s.done) {
					const out = await doc.send(
						new QueryCommand({
							TableName: table,
							IndexName: indexName,
							KeyConditionExpression: s.before === undefined ? "#pk = :pk" : "#pk = :pk AND #sk < :before",
							...(filter.expression ? { FilterExpression: filter.expression } : {}),
							ExpressionAttributeNames: {
								"#pk": pk,
								...(s.before === undefined ? {} : { "#sk": sk }),
								...filter.names,
							},
							ExpressionAttributeValues: {
								":pk": s.partition,
								...(s.before === undefined ? {} : { ":before": s.before }),
								...filter.values,
							},
							ScanIndexForward: false,
							Limit: req.limit,
						}),
					);
					s.buffer.push(...(out.Items ?? []));
					const last = out.LastEvaluatedKey?.[sk];
					if (typeof last === "string") s.before = last;
					else s.done = true;
				}
			}

			const picked: Record<string, unknown>[] = [];
			let lastShown: string | undefined;
			while (picked.length < req.limit) {
				await Promise.all(streams.map(fill));
				let best: Stream | undefined;
				for (const s of streams)
					if (s.buffer.length && (!best || String(s.buffer[0]?.[sk]) > String(best.buffer[0]?.[sk]))) best = s;
				const item = best?.buffer.shift();
				if (!item) break;
				picked.push(item);
				lastShown = String(item[sk]);
			}

			const next: Record<string, string> = {};
			for (const s of streams) {
				// Fetched but not shown: resume right after the last item shown (all of this stream's
				// unshown items sort below it). Otherwise resume after what DynamoDB last evaluated.
				if (s.buffer.length && lastShown !== undefined) next[s.partition] = lastShown;
				else if (!s.done && s.before !== undefined) next[s.partition] = s.before;
			}
			return {
				items: picked.map(caseSummaryFromItem),
				cursor: Object.keys(next).length ? encodeCursor(req, next) : null,
			};
		},
	};
}
