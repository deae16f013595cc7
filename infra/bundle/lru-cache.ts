/**
 * What `@aws-sdk/endpoint-cache` uses of `mnemonist/lru-cache` (the DynamoDB client's endpoint-discovery
 * cache): `new LRUCache(capacity)`, `get`, `set`, `has`, `peek`, `clear`. Bundles alias the module here
 * (infra/constructs/registry-function.ts) instead of carrying mnemonist and obliterator, ~7 KB.
 * A Map keeps insertion order: `get` and `set` move a key to the newest end, the oldest goes first when
 * full. test/unit/bundle-replacements.test.ts compares it with mnemonist itself.
 */
export default class LRUCache<K, V> {
	private readonly items = new Map<K, V>();

	constructor(readonly capacity: number) {
		if (!(capacity > 0)) throw new Error("LRUCache: capacity should be a positive number");
	}

	get size(): number {
		return this.items.size;
	}

	has(key: K): boolean {
		return this.items.has(key);
	}

	/** The value without making it the most recently used. */
	peek(key: K): V | undefined {
		return this.items.get(key);
	}

	get(key: K): V | undefined {
		if (!this.items.has(key)) return undefined;
		const value = this.items.get(key) as V;
		this.items.delete(key);
		this.items.set(key, value);
		return value;
	}

	set(key: K, value: V): this {
		if (this.items.has(key)) this.items.delete(key);
		else if (this.items.size >= this.capacity) this.items.delete(this.items.keys().next().value as K);
		this.items.set(key, value);
		return this;
	}

	clear(): void {
		this.items.clear();
	}
}
