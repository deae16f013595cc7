/**
 * The 统计 dashboard in Chromium after a small workload: a city leader signs in, sees the four charts
 * drawn with data (and their tables), switches to a county and a month, and downloads the annual
 * report as a Word document whose word/document.xml holds the figures the API gives. The EMF lines of
 * the run went to the data dir's file.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalSystem } from "#local/system.ts";
import { launchBrowser, newPage, phone, screenshot } from "../support/browser.ts";
import { driveMixedCases } from "../support/stats-scenario.ts";
import { startTestSystem } from "../support/system.ts";
import { docxText } from "../support/unzip.ts";

let system: LocalSystem;
let browser: Browser;
let page: Page;
let errors: string[];
const dataDir = mkdtempSync(join(tmpdir(), "xinfang-dashboard-"));
const chartIds = ["c-intake", "c-rates", "c-compare", "c-open"];

beforeAll(async () => {
	mkdirSync(".data/screens", { recursive: true });
	[system, browser] = await Promise.all([
		startTestSystem({ clock: "virtual", start: "2024-03-01T09:00:00+08:00", dataDir }),
		launchBrowser(),
	]);
	await driveMixedCases(system);
	await system.poller.drain();
	({ page, errors } = await newPage(browser));
}, 120_000);
afterAll(async () => {
	await browser?.close();
	await system?.stop();
	rmSync(dataDir, { recursive: true, force: true });
});

/** Non-blank pixels of the chart's canvas: it was drawn, not only sized. */
const inkOf = (id: string): Promise<number> =>
	page.evaluate(`(() => {
		const canvas = document.querySelector("#${id} canvas");
		const ctx = canvas?.getContext("2d");
		if (!canvas || !ctx) return 0;
		const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
		let ink = 0;
		for (let i = 3; i < data.length; i += 4) if (data[i] > 0) ink++;
		return ink;
	})()`);

/** The chart says how many data points it drew. */
const drawn = (p: Page, id: string) =>
	p.waitForFunction(`Number(document.getElementById("${id}")?.dataset.points ?? 0) > 0`);

/** GET /v1/stats as the signed-in page sees it. */
const statsOf = (query: string): Promise<{ received: number; transferred: number }> =>
	page.evaluate(`(async () => {
		const token = sessionStorage.getItem("xinfang.staffToken");
		return (await fetch("/v1/stats?${query}", { headers: { authorization: "Bearer " + token } })).json();
	})()`);

async function waitForTitle(text: string) {
	await page.locator("#stats-title", { hasText: text }).waitFor();
}

describe("the 统计 dashboard", () => {
	it("a city leader sees four charts drawn with data, each with its table", async () => {
		await page.goto(`${system.url}/web/dashboard.html`);
		await page.locator("#login-role").selectOption("leader");
		await page.locator("#login-region").selectOption("431100");
		await page.getByRole("button", { name: "登录" }).click();
		await page.locator("#login-status", { hasText: "已登录" }).waitFor();
		await page.locator("#s-year").fill("2024");
		await page.getByRole("button", { name: "查看统计" }).click();
		await waitForTitle("永州市 2024年");
		for (const id of chartIds) {
			await drawn(page, id);
			expect(await inkOf(id), id).toBeGreaterThan(500);
		}
		// 零陵区 and 蓝山县 received cases in March: the intake table says so, and the total matches GET /v1/stats.
		const march = await page.locator("#t-intake tbody tr").nth(2).locator("td").allTextContents();
		const stats = await statsOf("region=431100&year=2024&month=3");
		expect(Number(march[3])).toBe(stats.received);
		expect(stats.received).toBeGreaterThan(5);
		expect(await page.locator("#t-rates tbody tr").count()).toBe(13); // twelve months and the targets
		expect(await page.locator("#t-open tbody tr").count()).toBe(8);
		await screenshot(page, "dashboard-desktop");
	});

	it("switching to a county and a month redraws the figures and marks the county among the city's", async () => {
		await page.locator("#s-region").selectOption("431127");
		await waitForTitle("蓝山县 2024年");
		await page.locator("#s-month").selectOption("3");
		await waitForTitle("蓝山县 2024年3月");
		await page.locator("#t-compare td", { hasText: "蓝山县（本地区）" }).waitFor({ state: "attached" }); // inside a closed <details>
		const own = await page.locator("#t-compare tr", { hasText: "本地区" }).locator("td").allTextContents();
		const stats = await statsOf("region=431127&year=2024&month=3");
		expect(own[1]).toBe(String(stats.received));
		await page.locator("#c-compare-metric").selectOption("accurateTransferRate");
		await page.locator("#t-compare th", { hasText: "准确转交率" }).waitFor({ state: "attached" });
		for (const id of chartIds) expect(await inkOf(id), id).toBeGreaterThan(500);
	});

	it("downloads the annual report as a Word document holding the year's figures", async () => {
		await page.getByRole("button", { name: "年度报告" }).click();
		await page.locator("#report-text", { hasText: "蓝山县2024年度信访工作情况报告" }).waitFor();
		const [download] = await Promise.all([
			page.waitForEvent("download"),
			page.getByRole("button", { name: "下载 Word" }).click(),
		]);
		expect(download.suggestedFilename()).toBe("蓝山县2024年度信访工作情况报告.docx");
		const file = join(dataDir, "report.docx");
		await download.saveAs(file);
		const text = docxText(readFileSync(file));
		const year = await statsOf("region=431127&year=2024");
		expect(text).toContain("蓝山县2024年度信访工作情况报告");
		expect(text).toContain(`全县共登记信访事项${year.received}件`);
		expect(text).toContain(`信访部门转交${year.transferred}件`);
		expect(await page.getByRole("button", { name: "打印" }).isVisible()).toBe(true);
		// What 打印 prints: the report alone (the print stylesheet hides the rest).
		await page.evaluate(`document.body.classList.add("print-report")`);
		await page.emulateMedia({ media: "print" });
		expect(await page.locator("#stats").isVisible()).toBe(false);
		expect(await page.locator("#report-text").isVisible()).toBe(true);
		await screenshot(page, "dashboard-print");
		await page.emulateMedia({ media: "screen" });
		await page.evaluate(`document.body.classList.remove("print-report")`);
		expect(errors).toEqual([]);
	});

	it("drops a late answer for an earlier choice, and shows the next user nothing of the previous one's", async () => {
		// The city's figures are held back while the leader moves on to 零陵区: when they come, they are not shown.
		let release!: () => void;
		const released = new Promise<void>((r) => {
			release = r;
		});
		let held = 0;
		await page.route(/\/v1\/stats(\/series)?\?.*region=431100/, async (route) => {
			held++;
			await released;
			await route.continue();
		});
		await page.locator("#s-region").selectOption("431100");
		await expect.poll(() => held).toBe(2);
		await page.locator("#s-region").selectOption("431102");
		await waitForTitle("零陵区 2024年3月");
		const late = page.waitForResponse((r) => r.url().includes("region=431100"));
		release();
		await late;
		await page.evaluate(() => new Promise((r) => setTimeout(r, 200)));
		expect(await page.locator("#stats-title").textContent()).toBe("零陵区 2024年3月");
		await page.unroute(/\/v1\/stats/);

		// 蓝山县's report is still open from the test before; a 零陵区 leader signing in next does not see it.
		expect(await page.locator("#report").isVisible()).toBe(true);
		await page.locator("#login-status button", { hasText: "退出" }).click();
		// Nothing of the previous user's figures or report stays in the page, not even hidden.
		expect(await page.locator("#stats-title").textContent()).toBe("统计结果");
		for (const id of ["rates", "counts", "channels", "t-compare", "report-text"])
			expect(await page.locator(`#${id}`).textContent(), id).toBe("");
		await page.locator("#login-role").selectOption("leader");
		await page.locator("#login-region").selectOption("431102");
		await page.getByRole("button", { name: "登录" }).click();
		await page.locator("#login-status", { hasText: "已登录" }).waitFor();
		expect(await page.locator("#report").isVisible()).toBe(false);
		expect(await page.locator("#report-text").textContent()).toBe("");
		await page.locator("#s-year").fill("2024");
		await page.getByRole("button", { name: "查看统计" }).click();
		await waitForTitle("零陵区 2024年");
		expect(await page.locator("body").textContent()).not.toContain("蓝山县2024年度信访工作情况报告");
		expect(errors).toEqual([]);
	});

	it("fits a phone, and the run's EMF metric lines went to the data dir's file", async () => {
		const small = await newPage(browser, phone);
		await small.page.goto(`${system.url}/web/dashboard.html`);
		await small.page.getByRole("button", { name: "登录" }).click();
		await small.page.locator("#s-year").fill("2024");
		await small.page.getByRole("button", { name: "查看统计" }).click();
		await drawn(small.page, "c-open");
		expect(await small.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")).toBe(true);
		await screenshot(small.page, "dashboard-phone");
		await small.context.close();
		const lines = readFileSync(join(dataDir, "metrics.emf.jsonl"), "utf8")
			.trim()
			.split("\n")
			.map((l) => JSON.parse(l));
		expect(lines.some((l) => l.Received > 0 && l.region === "431127")).toBe(true);
		expect(lines.some((l) => l.route === "GET /v1/stats/series" && l.Requests === 1)).toBe(true);
		expect(lines.some((l) => l.function === "openTask" && l.Invocations === 1)).toBe(true);
	});
});
