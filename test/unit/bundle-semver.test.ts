/** The bundles' `semver` stand-in (infra/bundle/semver.ts) agrees with semver's own `gte`. */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { gte } from "#infra/bundle/semver.ts";

// The real package, as the X-Ray SDK brings it in (no type package: only `gte` is used).
const semver = createRequire(import.meta.url)("semver") as { gte(a: string, b: string): boolean };

const versions = [
	"0.0.0",
	"1.0.0",
	"1.0.1",
	"1.1.0",
	"2.0.0",
	"8.0.0",
	"8.2.1",
	"10.0.0",
	"24.11.0",
	"3.1169.0",
	"3.575.0",
	"1.0.0-rc.1",
	"1.0.0-rc.2",
	"1.0.0-rc.10",
	"1.0.0-alpha",
	"1.0.0-alpha.1",
	"1.0.0-beta",
	"v2.3.4",
	"2.3.4+build.5",
];

describe("bundle semver gte", () => {
	it.each(versions.flatMap((a) => versions.map((b) => [a, b] as const)))("gte(%s, %s) as semver", (a, b) => {
		// Act / Assess
		expect(gte(a, b)).toBe(semver.gte(a, b));
	});

	it("refuses what is not a version, as semver does", () => {
		// Act / Assess
		expect(() => gte("banana", "1.0.0")).toThrow(TypeError);
		expect(() => semver.gte("banana", "1.0.0")).toThrow(TypeError);
	});
});
