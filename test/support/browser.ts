/**
 * Real Chromium for page tests: Debian's /usr/bin/chromium driven by playwright-core (never a
 * downloaded browser), and axe-core injected from node_modules. One browser for the whole run
 * (test/setup/browser.ts); each test file connects to it and works in contexts of its own.
 */
import { createRequire } from "node:module";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { inject } from "vitest";
import { chromiumArgs, chromiumPath } from "./browser-config.ts";

export { chromiumArgs, chromiumPath };

/** The run's shared browser, or one of the file's own when the run started none (a filtered run). */
export function launchBrowser(): Promise<Browser> {
	const endpoint = inject("browserWsEndpoint");
	if (endpoint) return chromium.connect(endpoint);
	return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
}

export const desktop = { width: 1280, height: 900 };
export const phone = { width: 390, height: 844 };

/**
 * A fresh context (own storage) in China time. `bypassCSP` lets axe-core be injected as a script
 * tag; the pages' own CSP is tested over HTTP (test/integration/web-static.test.ts).
 */
export async function newPage(
	browser: Browser,
	viewport = desktop,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
	const context = await browser.newContext({ viewport, locale: "zh-CN", timezoneId: "Asia/Shanghai", bypassCSP: true });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on("pageerror", (e) => errors.push(String(e)));
	page.on("console", (m) => {
		if (m.type() === "error" && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
	});
	return { context, page, errors };
}

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	nodes: string[];
}

/** axe-core's WCAG 2.x A/AA run on the page as it stands; returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
	if (!(await page.evaluate(() => "axe" in globalThis))) await page.addScriptTag({ path: axePath });
	const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
	const result = (await page.evaluate(
		`axe.run(document, { runOnly: { type: "tag", values: ${JSON.stringify(tags)} } })`,
	)) as {
		violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
	};
	return result.violations
		.filter((v) => v.impact === "serious" || v.impact === "critical")
		.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")) }));
}

/** Saves a full-page screenshot under .data/screens/ (looked at by people, not compared by tests). */
export async function screenshot(page: Page, name: string): Promise<void> {
	await page.screenshot({ path: `.data/screens/${name}.png`, fullPage: true });
}

/** Presses Tab until the element matching `selector` has the focus: proves it is reachable by keyboard. */
export async function tabTo(page: Page, selector: string, maxPresses = 80): Promise<void> {
	for (let i = 0; i < maxPresses; i++) {
		if (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) return;
		await page.keyboard.press("Tab");
	}
	throw new Error(`${selector} not reached by ${maxPresses} presses of Tab`);
}
