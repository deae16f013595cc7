/**
 * Vitest global setup: one Chromium for the whole run (Debian's /usr/bin/chromium through
 * playwright-core's browser server); the page tests connect to it (test/support/browser.ts) instead of
 * each launching its own. Skipped when the run names files and none of them is a page test.
 */
import { chromium } from "playwright-core";
import type { TestProject } from "vitest/node";
import { chromiumArgs, chromiumPath } from "../support/browser-config.ts";

declare module "vitest" {
	export interface ProvidedContext {
		/** The shared browser's endpoint; empty when the run has no page tests. */
		browserWsEndpoint: string;
	}
}

/** True unless the command line names test files and none is under test/browser. */
function runIncludesPageTests(): boolean {
	const filters = process.argv.slice(2).filter((a) => !a.startsWith("-") && a !== "run" && !a.includes("vitest"));
	return filters.length === 0 || filters.some((f) => f.includes("browser"));
}

export default async function setup(project: TestProject) {
	if (!runIncludesPageTests()) {
		project.provide("browserWsEndpoint", "");
		return;
	}
	const server = await chromium.launchServer({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
	project.provide("browserWsEndpoint", server.wsEndpoint());
	return async () => {
		await server.close();
	};
}
