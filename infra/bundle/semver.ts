/**
 * What the bundled X-Ray SDK and cls-hooked use of `semver`: `gte(version, minimum)` on release
 * versions ("24.11.0" ≥ "8.0.0"). Bundles alias `semver` here (infra/constructs/registry-function.ts)
 * instead of carrying the whole package. A pre-release (`1.2.3-rc.1`) ranks below its release, as in
 * semver; build metadata is ignored. test/unit/bundle-semver.test.ts compares it with semver itself.
 */
function parse(version: string): { core: number[]; pre: string | undefined } {
	const match = /^\s*v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?\s*$/.exec(version);
	if (!match) throw new TypeError(`Invalid Version: ${version}`);
	return { core: [Number(match[1]), Number(match[2]), Number(match[3])], pre: match[4] };
}

function comparePre(a: string, b: string): number {
	const as = a.split(".");
	const bs = b.split(".");
	for (let i = 0; i < Math.max(as.length, bs.length); i++) {
		const x = as[i];
		const y = bs[i];
		if (x === undefined) return -1;
		if (y === undefined) return 1;
		if (x === y) continue;
		const xn = /^\d+$/.test(x);
		const yn = /^\d+$/.test(y);
		if (xn && yn) return Number(x) - Number(y);
		if (xn) return -1;
		if (yn) return 1;
		return x < y ? -1 : 1;
	}
	return 0;
}

function compare(a: string, b: string): number {
	const x = parse(a);
	const y = parse(b);
	for (let i = 0; i < 3; i++) if (x.core[i] !== y.core[i]) return x.core[i]! - y.core[i]!;
	if (x.pre === undefined) return y.pre === undefined ? 0 : 1;
	if (y.pre === undefined) return -1;
	return comparePre(x.pre, y.pre);
}

export const gte = (a: string, b: string): boolean => compare(a, b) >= 0;
