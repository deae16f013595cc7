/**
 * What a Lambda bundle carries is decided by its imports and its registry entry (docs/deploy.md,
 * "Bundles"); these builds check the decisions that no type or lint rule guards, with the construct's
 * own esbuild options and aliases (in memory, a few seconds): the schemas' zod is zod/mini, the SFN
 * client only where the registry grants Step Functions, the S3 client only in the evidence completion
 * step. `npm run bench:bundles` measures the sizes.
 */
import { join } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { bundleAliases, esbuildOptions, projectRoot } from "#infra/constructs/registry-function.ts";
import { type FunctionName, type FunctionSpec, functions } from "#shared/specs/functions.ts";

async function packagesOf(name: FunctionName): Promise<Set<string>> {
	const spec = functions[name] as FunctionSpec;
	const result = await build({
		...esbuildOptions,
		alias: bundleAliases(spec),
		mainFields: [...esbuildOptions.mainFields],
		entryPoints: [join(projectRoot, spec.module)],
		outfile: join(projectRoot, "node_modules", ".cache", "bundle-contents", name, "index.mjs"),
		write: false,
		metafile: true,
		logLevel: "error",
	});
	const inputs = Object.keys(Object.values(result.metafile.outputs)[0]?.inputs ?? {});
	return new Set(
		inputs.map((input) => input.match(/node_modules\/((?:@[^/]+\/)?[^/]+(?:\/v4\/[^/]+)?)/)?.[1] ?? input),
	);
}

describe("what the Lambda bundles carry", () => {
	// A petitioner function without Step Functions, the three that only sign evidence URLs, the one that
	// reads uploads back, and one that starts executions.
	const names = ["evaluateCase", "getPetition", "getCase", "addEvidence", "completeEvidence", "registerCase"] as const;
	const built = Promise.all(names.map(async (name) => [name, await packagesOf(name)] as const)).then(
		(entries) => new Map(entries),
	);

	it("zod/mini only, never classic zod's methods", { timeout: 60_000 }, async () => {
		for (const [name, packages] of await built) {
			expect(packages.has("zod/v4/core"), name).toBe(true);
			expect(packages.has("zod/v4/classic"), name).toBe(false);
		}
	});

	it("the S3 client only in the evidence completion step", { timeout: 60_000 }, async () => {
		for (const [name, packages] of await built)
			expect(packages.has("@aws-sdk/client-s3"), name).toBe(name === "completeEvidence");
	});

	it("neither mnemonist nor the event-stream codec: their stand-ins instead", { timeout: 60_000 }, async () => {
		for (const [name, packages] of await built) {
			expect(packages.has("mnemonist"), name).toBe(false);
			expect(
				[...packages].some((p) => p.includes("submodules/event-streams")),
				name,
			).toBe(false);
			expect(packages.has("infra/bundle/no-event-streams.ts"), name).toBe(true);
		}
	});

	it("the SFN client only where the registry grants Step Functions", { timeout: 60_000 }, async () => {
		for (const [name, packages] of await built)
			expect(packages.has("@aws-sdk/client-sfn"), name).toBe((functions[name] as FunctionSpec).stepFunctions === true);
	});
});
