/**
 * The bundles' stand-ins for SDK parts they do not need (infra/bundle/): the endpoint cache's LRU
 * behaves as mnemonist's own under any sequence of the calls the SDK makes, and the event-stream
 * module configures an S3 client as the SDK's does while refusing to stream.
 */
import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import LRUCache from "#infra/bundle/lru-cache.ts";
import {
	EventStreamSerde,
	eventStreamSerdeProvider,
	resolveEventStreamSerdeConfig,
} from "#infra/bundle/no-event-streams.ts";

interface Lru {
	get(k: string): unknown;
	set(k: string, v: unknown): unknown;
	has(k: string): boolean;
	peek(k: string): unknown;
	clear(): void;
	size: number;
}
// The real package, as @aws-sdk/endpoint-cache brings it in.
const Mnemonist = createRequire(import.meta.url)("mnemonist/lru-cache") as new (capacity: number) => Lru;

const op = fc.oneof(
	fc.record({ call: fc.constant("set" as const), key: fc.constantFrom("a", "b", "c", "d", "e"), value: fc.nat(9) }),
	fc.record({
		call: fc.constantFrom("get" as const, "has" as const, "peek" as const),
		key: fc.constantFrom("a", "b", "c", "d", "e"),
	}),
	fc.record({ call: fc.constant("clear" as const) }),
);

describe("the endpoint cache's LRU", () => {
	it("answers every get, has, peek and size as mnemonist's LRUCache does", () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 60 }), (capacity, ops) => {
				const ours = new LRUCache<string, unknown>(capacity);
				const theirs = new Mnemonist(capacity);
				for (const o of ops) {
					if (o.call === "set") {
						ours.set(o.key, o.value);
						theirs.set(o.key, o.value);
					} else if (o.call === "clear") {
						ours.clear();
						theirs.clear();
					} else expect(ours[o.call](o.key)).toEqual(theirs[o.call](o.key));
					expect(ours.size).toBe(theirs.size);
				}
			}),
			{ numRuns: 500 },
		);
	});

	it("refuses a capacity that is not positive", () => {
		expect(() => new LRUCache(0)).toThrow(/capacity/);
	});
});

describe("the event-stream stand-in", () => {
	it("gives a client its marshaller as the SDK does, and refuses to use it", () => {
		const config = resolveEventStreamSerdeConfig({ region: "cn-north-1", eventStreamSerdeProvider });
		expect(config.region).toBe("cn-north-1");
		const marshaller = config.eventStreamMarshaller as { serialize(): unknown; deserialize(): unknown };
		expect(() => marshaller.serialize()).toThrow(/event streams are not bundled/);
		expect(() => marshaller.deserialize()).toThrow(/event streams are not bundled/);
		expect(() => new EventStreamSerde({})).toThrow(/event streams are not bundled/);
	});
});
