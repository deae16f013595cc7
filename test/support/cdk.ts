/**
 * CDK apps for the infra tests: configured as cdk.json configures `npm run synth`, each writing its
 * cloud assembly under one temporary directory per test file, removed when the file is done (an App
 * without an outdir makes a `cdk.out*` directory in the temp dir that nothing removes).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { afterAll } from "vitest";
import { projectRoot } from "#infra/constructs/registry-function.ts";

export const cdkContext = JSON.parse(readFileSync(join(projectRoot, "cdk.json"), "utf8")).context as Record<
	string,
	unknown
>;

let root: string | undefined;
let made = 0;
afterAll(() => {
	if (root) rmSync(root, { recursive: true, force: true });
	root = undefined;
});

/** A new App with cdk.json's context and `context` over it; `bundling: false` (the default) bundles no stack. */
export function testApp(context: Record<string, unknown> = {}, { bundling = false } = {}): App {
	root ??= mkdtempSync(join(tmpdir(), "xinfang-cdk-"));
	const outdir = join(root, String(made++));
	return new App({
		outdir,
		context: { ...cdkContext, ...(bundling ? {} : { "aws:cdk:bundling-stacks": [] }), ...context },
	});
}
