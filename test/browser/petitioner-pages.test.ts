/**
 * Petitioner pages in Chromium: nothing cut silently in the online form (live counter, refusal
 * without sending), the repeat answer, notices as printable documents on the tracking page, and
 * axe-core on every page (the statistics page signed out and in).
 */
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LocalSystem } from "#local/system.ts";
import { api } from "../support/api.ts";
import { launchBrowser, newPage, phone, screenshot, seriousViolations } from "../support/browser.ts";
import { nextSampleIdNumber, startTestSystem } from "../support/system.ts";

// A page test waits on a real browser and a whole system: on a loaded 2-core machine 30 s is not enough.
vi.setConfig({ testTimeout: 90_000 });

let system: LocalSystem;
let browser: Browser;

beforeAll(async () => {
	mkdirSync(".data/screens", { recursive: true });
	[system, browser] = await Promise.all([startTestSystem({ clock: "virtual" }), launchBrowser()]);
});
afterAll(async () => {
	await browser?.close();
	await system?.stop();
});

async function noSeriousViolations(page: Page, what: string) {
	const violations = await seriousViolations(page);
	expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

async function fillPetition(page: Page, idNumber: string, content: string) {
	await page.locator("#name").fill("周九");
	await page.locator("#phone").fill("13500135000");
	await page.locator("#idNumber").fill(idNumber);
	await page.locator("#region").selectOption("431127");
	await page.locator("#title").fill("学校周边交通拥堵");
	await page.locator("#content").fill(content);
}

describe("网上信访: a wrong ID check digit", () => {
	it("is named live on leaving the field, and said once (next to the field) when the form is refused", async () => {
		const { page, context, errors } = await newPage(browser);
		await page.goto(`${system.url}/web/index.html`);
		await fillPetition(page, "110105194912310021", "请求：疏导交通。");
		await page.locator("#idNumber").blur();
		expect(await page.locator("#idNumber-check").textContent()).toContain("应为 X");
		await page.locator("#submit").click();
		await page.locator("#idNumber-error", { hasText: "应为 X" }).waitFor();
		expect(await page.locator("#idNumber-check").textContent()).not.toContain("应为 X");
		expect(await page.locator("text=应为 X").count()).toBe(1);
		expect(errors).toEqual([]);
		await context.close();
	});
});

describe("at a phone's width", () => {
	it("every page and every fieldset stays inside the screen", async () => {
		const { page, context, errors } = await newPage(browser, phone);
		for (const path of [
			"index.html",
			"track.html",
			"workbench.html",
			"register.html",
			"dashboard.html",
			"messages.html",
		]) {
			await page.goto(`${system.url}/web/${path}`);
			// evaluated in the page (a string: the suite's TypeScript has no DOM types)
			const overflow = (await page.evaluate(`(() => {
				const width = document.documentElement.clientWidth;
				const out = [...document.querySelectorAll("fieldset")]
					.filter((f) => f.getBoundingClientRect().right > (f.parentElement?.getBoundingClientRect().right ?? width) + 0.5)
					.map((f) => "fieldset " + (f.querySelector("legend")?.textContent ?? f.id));
				for (const e of document.querySelectorAll("body *"))
					if (e.getBoundingClientRect().right > width + 0.5) out.push(e.tagName + "#" + e.id);
				if (document.documentElement.scrollWidth > width)
					out.push("page " + document.documentElement.scrollWidth + " > " + width);
				return out;
			})()`)) as string[];
			expect(overflow, path).toEqual([]);
		}
		expect(errors).toEqual([]);
		await context.close();
	});
});

describe("网上信访: nothing cut silently", () => {
	it("counts live, keeps a pasted over-long text whole, refuses it without sending, then submits once shortened", async () => {
		const { page, context, errors } = await newPage(browser);
		await page.goto(`${system.url}/web/index.html`);
		await noSeriousViolations(page, "petition form");
		expect(await page.locator("#content-count").textContent()).toBe("已输入 0 字，上限 20000 字");
		const posts: string[] = [];
		page.on("request", (r) => {
			if (r.method() === "POST") posts.push(r.url());
		});
		const idNumber = nextSampleIdNumber();
		const long = `请求：疏导交通。${"事实：上下学时段道路拥堵。".repeat(1700)}`;
		await fillPetition(page, idNumber, long);
		expect((await page.locator("#content").inputValue()).length).toBe(long.length); // not cut by the browser
		expect(await page.locator("#content-count").textContent()).toContain(`已输入 ${long.length} 字，超出上限 20000 字`);
		await page.locator("#submit").click();
		await page.locator("#content-error", { hasText: "上限 20000 字" }).waitFor();
		expect(await page.locator("#form-error").textContent()).toContain("请更正");
		expect(posts).toEqual([]);
		await screenshot(page, "petition-over-limit");
		await noSeriousViolations(page, "petition form (refused)");

		await page.locator("#content").fill("请求：疏导交通。事实：上下学时段道路拥堵。理由：影响学生安全。");
		expect(await page.locator("#content-count").textContent()).toBe("已输入 31 字，上限 20000 字");
		await page.locator("#submit").click();
		await page.locator("#receipt:not([hidden])").waitFor();
		expect(posts).toHaveLength(1);
		expect(await page.locator("#receipt-title").textContent()).toBe("提交成功，已登记");
		const caseId = await page.locator("#receipt-case-id").textContent();

		// The same person, the same matter again: the page says it is being handled, no new case.
		await page.locator("#new-petition").click();
		await fillPetition(page, idNumber, "请求疏导交通，上下学时段道路拥堵，影响学生安全");
		await page.locator("#submit").click();
		await page.locator("#receipt-title", { hasText: "同一事项正在办理中" }).waitFor();
		expect(await page.locator("#receipt-case-id").textContent()).toBe(caseId);
		await noSeriousViolations(page, "petition (repeat answer)");
		expect(errors).toEqual([]);
		await context.close();
	});
});

describe("查询: notices as printable documents", () => {
	it("shows each notice with the issuing body, case number, date and the article it rests on, and prints it alone", async () => {
		const a = api(system);
		const { caseId, queryCode } = await a.submit({ title: "小区道路积水" });
		const intake = await a.token("intake", "431127");
		const unit = await a.token("unit", "431127", "431127-housing");
		expect((await a.act(intake, caseId, { type: "accept", category: "appeal", unit: "431127-housing" })).status).toBe(
			200,
		);
		expect((await a.act(unit, caseId, { type: "extend", reason: "需现场勘查" })).status).toBe(200);
		expect(
			(
				await a.act(unit, caseId, {
					type: "reply",
					outcome: "resolved",
					mediated: false,
					text: "经现场查看，已疏通排水管道。",
				})
			).status,
		).toBe(200);

		const { page, context, errors } = await newPage(browser, phone);
		await page.goto(`${system.url}/web/track.html#${caseId}`);
		await noSeriousViolations(page, "tracking (empty)");
		await page.locator("#queryCode").fill(queryCode);
		await page.locator("#track-submit").click();
		await page.locator("#documents article").first().waitFor();
		expect(await page.locator("#documents h4").allTextContents()).toEqual([
			"蓝山县信访事项受理告知书",
			"蓝山县信访事项延期办理告知书",
			"蓝山县信访事项处理意见书",
		]);
		await noSeriousViolations(page, "tracking (documents)");

		await page.getByRole("button", { name: "查看、打印《蓝山县信访事项处理意见书》" }).click();
		const notice = page.locator("#notice");
		await notice.waitFor();
		expect(await page.evaluate("document.activeElement.id")).toBe("notice");
		expect(await notice.locator(".notice-heading").textContent()).toBe("蓝山县住房和城乡建设局");
		expect(await notice.locator(".notice-number").textContent()).toBe(`案件编号：${caseId}`);
		expect(await notice.locator(".notice-basis").textContent()).toBe("依据：《信访工作条例》第三十二条、第三十四条");
		expect(await notice.locator(".notice-date").textContent()).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日$/);
		expect((await notice.locator(".notice-body").allTextContents()).join("\n")).toContain("已疏通排水管道");
		await noSeriousViolations(page, "tracking (notice open)");
		await screenshot(page, "notice-reply-phone");

		await page.emulateMedia({ media: "print" });
		expect(await page.locator("#track-form").isVisible()).toBe(false);
		expect(await page.locator("#result").isVisible()).toBe(false);
		expect(await notice.locator(".notice-title").isVisible()).toBe(true);
		expect(await notice.getByRole("button", { name: "打印" }).isVisible()).toBe(false);
		await page.setViewportSize({ width: 794, height: 1123 });
		await screenshot(page, "notice-reply-print");
		await page.emulateMedia({ media: "screen" });
		await notice.getByRole("button", { name: "关闭" }).click();
		expect(await notice.isVisible()).toBe(false);
		expect(errors).toEqual([]);
		await context.close();
	});
});

describe("短信: the admin's list of sent messages", () => {
	it("lists the messages with numbers masked, without a serious or critical violation", async () => {
		const { page, context, errors } = await newPage(browser);
		await page.goto(`${system.url}/web/messages.html`);
		await noSeriousViolations(page, "messages (signed out)");
		await page.locator("#login-form button[type=submit]").click();
		await page.locator("#messages-body tr").first().waitFor();
		const phones = await page.locator("#messages-body tr td:nth-child(2)").allTextContents();
		expect(phones.length).toBeGreaterThan(0);
		expect(phones.every((p) => /^1\d{2}\*{4}\d{4}$/.test(p))).toBe(true);
		expect(await page.locator("#messages-body").textContent()).not.toMatch(/查询码[0-9A-Z]{10}/);
		await noSeriousViolations(page, "messages (list)");
		await screenshot(page, "messages");
		// Signed out, the list is gone from the page, not only hidden.
		await page.locator("#login-status button", { hasText: "退出" }).click();
		expect(await page.locator("#messages-body tr").count()).toBe(0);
		expect(errors).toEqual([]);
		await context.close();
	});
});

describe("axe-core on the statistics page", () => {
	it("has no serious or critical violation signed out and signed in", async () => {
		const { page, context, errors } = await newPage(browser);
		await page.goto(`${system.url}/web/dashboard.html`);
		await noSeriousViolations(page, "dashboard (signed out)");
		await page.locator("#login-role").selectOption("leader");
		await page.locator("#login-region").selectOption("431100");
		await page.locator("#login-form button[type=submit]").click();
		await page.locator("#login-status", { hasText: "已登录" }).waitFor();
		await page.waitForLoadState("networkidle");
		await noSeriousViolations(page, "dashboard (signed in)");
		expect(errors).toEqual([]);
		await context.close();
	});
});

describe("证据材料 in the browser", () => {
	it("uploads files chosen on the form after submission, lists them on the tracking page, and refuses a wrong file before sending", async () => {
		const { page, context, errors } = await newPage(browser);
		await page.goto(`${system.url}/web/index.html`);
		await fillPetition(page, nextSampleIdNumber(), "请求：清理垃圾。事实：小区垃圾堆放一周。理由：影响卫生。");
		await page.locator("#title").fill("小区垃圾清运");
		const pdf = {
			name: "现场照片.pdf",
			mimeType: "application/pdf",
			buffer: Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(1000, 0x20)]),
		};
		const exe = { name: "病毒.pdf", mimeType: "application/x-msdownload", buffer: Buffer.from("MZ") };
		const posts: string[] = [];
		page.on("request", (r) => {
			if (r.method() === "POST") posts.push(r.url());
		});
		await page.locator("#evidence").setInputFiles([pdf, exe]);
		await page.locator("#submit").click();
		await page.locator("#evidence-error", { hasText: "不是 PDF、JPEG 或 PNG" }).waitFor();
		expect(posts).toEqual([]);
		await page.locator("#evidence").setInputFiles([pdf]);
		await page.locator("#submit").click();
		await page.locator("#receipt-evidence li", { hasText: "已上传" }).waitFor();
		const caseId = (await page.locator("#receipt-case-id").textContent()) as string;
		const queryCode = (await page.locator("#receipt-query-code").textContent()) as string;
		await noSeriousViolations(page, "petition (receipt with evidence)");

		await page.goto(`${system.url}/web/track.html#${caseId}`);
		await page.locator("#queryCode").fill(queryCode);
		await page.locator("#track-submit").click();
		await page.locator("#evidence-list a", { hasText: "现场照片.pdf" }).waitFor();
		const href = await page.locator("#evidence-list a").getAttribute("href");
		const download = await fetch(new URL(href as string, system.url));
		expect(download.status).toBe(200);
		expect(download.headers.get("content-type")).toBe("application/pdf");
		await noSeriousViolations(page, "tracking (evidence)");
		expect(errors).toEqual([]);
		await context.close();
	});
});
