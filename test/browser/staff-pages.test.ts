/**
 * Staff pages in Chromium: 登记 at the counter by keyboard alone with a printable 回执, the workbench
 * offering only the actions the signed-in role may take, and axe-core on each page.
 */
import { mkdirSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LocalSystem } from "#local/system.ts";
import { api } from "../support/api.ts";
import { launchBrowser, newPage, phone, screenshot, seriousViolations, tabTo } from "../support/browser.ts";
import { nextSampleIdNumber, postJson, sampleIdNumber, samplePetition, startTestSystem } from "../support/system.ts";

// A page test waits on a real browser and a whole system: on a loaded 2-core machine 30 s is not enough.
vi.setConfig({ testTimeout: 90_000 });

let system: LocalSystem;
let browser: Browser;

beforeAll(async () => {
	mkdirSync(".data/screens", { recursive: true });
	// The virtual clock starts an hour ahead of the browser's, so the page's default 收到时间 (the
	// browser's "now") is never later than the server's now.
	const start = new Date(Date.now() + 3600_000).toISOString();
	[system, browser] = await Promise.all([startTestSystem({ clock: "virtual", start }), launchBrowser()]);
});
afterAll(async () => {
	await browser?.close();
	await system?.stop();
});

/** Signs in on a page's login box with the keyboard: type the user, pick role and region, Enter. */
async function signIn(page: Page, role: string, region: string, unit?: string) {
	await page.locator("#login-user").focus();
	await page.keyboard.press("ControlOrMeta+a");
	await page.keyboard.type(`${role}01`);
	await page.locator("#login-role").selectOption(role);
	await page.locator("#login-region").selectOption(region);
	if (unit) await page.locator("#login-unit").selectOption(unit);
	await page.locator("#login-user").focus();
	await page.keyboard.press("Enter");
	await page.locator("#login-status", { hasText: "已登录" }).waitFor();
}

/** A new page of the staff site, signed in as `role` of 蓝山县. */
async function pageSignedIn(site: "workbench" | "register", role: string) {
	const opened = await newPage(browser);
	await opened.page.goto(`${system.url}/web/${site}.html`);
	await signIn(opened.page, role, "431127");
	return opened;
}

/** The action forms the workbench offers, by their names. */
const offeredForms = (page: Page) =>
	page.locator("#action-area form").evaluateAll((fs) => fs.map((f) => f.getAttribute("aria-label")));

async function noSeriousViolations(page: Page, what: string) {
	const violations = await seriousViolations(page);
	expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

describe("登记 at the counter", () => {
	it("registers a group visit by keyboard alone and prints a receipt with the case number and query code", async () => {
		const { page, context, errors } = await newPage(browser);
		await page.goto(`${system.url}/web/register.html`);
		await noSeriousViolations(page, "register (signed out)");
		await signIn(page, "intake", "431127");

		const type = async (selector: string, text: string) => {
			await tabTo(page, selector);
			await page.keyboard.type(text);
		};
		await tabTo(page, "input[name=channel][value=letter]");
		await page.keyboard.press("ArrowRight"); // 来访
		await type("#name", "王五");
		await type("#phone", "13900139000");
		await type("#idNumber", sampleIdNumber);
		await type("#title", "征地补偿款未发放");
		await type("#content", "请求：发放征地补偿款。事实：2023年征地后至今未发放。理由：影响十二户生活。");
		await type("#persons", "12");
		// Two more representatives (R20), added and filled by keyboard.
		for (const [i, [name, id]] of [
			["赵六", "431127198001010028"],
			["钱七", "43112719800101001X"],
		].entries()) {
			await tabTo(page, "#add-rep");
			await page.keyboard.press("Enter");
			expect(await page.evaluate("document.activeElement.id")).toBe(`rep-${i}-name`);
			await page.keyboard.type(name as string);
			await page.keyboard.press("Tab");
			await page.keyboard.type(id as string);
		}
		await screenshot(page, "register-filled");
		await noSeriousViolations(page, "register (filled)");
		await tabTo(page, "#submit");
		await page.keyboard.press("Enter");

		await page.locator("#receipt:not([hidden]), #form-error:not(:empty)").first().waitFor();
		const fieldErrors = await page.locator("#register-form .error").allTextContents();
		expect(`${await page.locator("#form-error").textContent()}${fieldErrors.join("")}`).toBe("");
		expect(await page.evaluate("document.activeElement.id")).toBe("receipt");
		const lines = await page.locator("#receipt-lines dd").allTextContents();
		expect(lines[0]).toMatch(/^XF431127-\d{4}-[0-9A-Z]{8}$/);
		expect(lines[1]).toMatch(/^[0-9A-Z]{10}$/);
		expect(lines).toContain("来访");
		expect(lines).toContain("12 人（代表 3 人）");
		expect(await page.locator("#receipt-org").textContent()).toBe("蓝山县信访局");
		await tabTo(page, "#print-receipt");
		await noSeriousViolations(page, "register (receipt)");

		// The case exists as registered, with its representatives.
		const a = api(system);
		const detail = await a.caseDetail(await a.token("intake", "431127"), lines[0] as string);
		expect(detail.body.case).toMatchObject({ channel: "visit", persons: 12, title: "征地补偿款未发放" });
		expect(detail.body.case.representatives.map((r: { name: string }) => r.name)).toEqual(["赵六", "钱七"]);

		// Printed, only the receipt is on paper.
		await page.emulateMedia({ media: "print" });
		expect(await page.locator("header.site").isVisible()).toBe(false);
		expect(await page.locator("#print-receipt").isVisible()).toBe(false);
		expect(await page.locator("#receipt-lines").isVisible()).toBe(true);
		await screenshot(page, "register-receipt-print");
		await page.emulateMedia({ media: "screen" });
		expect(errors).toEqual([]);
		await context.close();
	});

	it("refuses a sixth representative and an over-long content without sending anything", async () => {
		const { page, context } = await newPage(browser, phone);
		await page.goto(`${system.url}/web/register.html`);
		await signIn(page, "intake", "431127");
		for (let i = 0; i < 4; i++) await page.locator("#add-rep").click();
		expect(await page.locator("#rep-rows fieldset").count()).toBe(4);
		expect(await page.locator("#add-rep").isDisabled()).toBe(true);
		const posts: string[] = [];
		page.on("request", (r) => {
			if (r.method() === "POST" && r.url().includes("/v1/cases")) posts.push(r.url());
		});
		await page.locator("#content").fill("访".repeat(20_001));
		expect(await page.locator("#content-count").textContent()).toContain("超出上限 20000 字 1 字");
		await page.locator("#submit").click();
		await page.locator("#content-error", { hasText: "上限 20000 字" }).waitFor();
		expect(posts).toEqual([]);
		await screenshot(page, "register-phone-refused");
		await noSeriousViolations(page, "register (errors, phone)");
		await context.close();
	});
});

describe("登记: the next user", () => {
	it("starts on an empty form, with nothing of what the previous user typed", async () => {
		const { page, context, errors } = await pageSignedIn("register", "intake");
		await page.locator("#name").fill("周九");
		await page.locator("#content").fill("上一位工作人员录入的内容");
		await page.locator("#login-status button").click();
		expect(await page.locator("#register-form").isVisible()).toBe(false);
		await signIn(page, "intake", "431127");
		expect(await page.locator("#name").inputValue()).toBe("");
		expect(await page.locator("#content").inputValue()).toBe("");
		expect(await page.locator("#receipt").isVisible()).toBe(false);
		expect(errors).toEqual([]);
		await context.close();
	});
});

describe("workbench: only what the signed-in role may do", () => {
	it("shows intake the acceptance forms, then nothing once the case sits with the unit, where the unit sees its forms", async () => {
		const a = api(system);
		const { caseId } = await a.submit({ title: "工作台权限" });
		const { page, context, errors } = await pageSignedIn("workbench", "intake");
		await page.getByRole("button", { name: caseId }).click();
		await page.locator("#action-area form").first().waitFor();
		expect(await offeredForms(page)).toEqual(["受理并转送/交办", "不予受理", "转入其他法定程序", "关联为重复信访件"]);
		await noSeriousViolations(page, "workbench (acceptance)");
		await page.locator("#a-accept-unit").selectOption("431127-housing");
		await page.locator("#action-area form[aria-label='受理并转送/交办'] button[type=submit]").click();
		await page.locator("#action-result", { hasText: "已提交" }).waitFor();
		await system.virtual?.settle();
		await page.getByRole("button", { name: caseId }).click();
		// The step done takes its forms with it at once; the case's next forms come with its fresh detail
		// (all of them in one go: the page draws a case's forms only once it has all they need).
		await page.locator("#action-area form[aria-label='关联为重复信访件']").waitFor();
		await page.locator("#detail-facts", { hasText: "待办办理" }).waitFor();
		// The unit's forms are not shown to intake; only linking a repeat, which intake may do on any open case.
		expect(await offeredForms(page)).toEqual(["关联为重复信访件"]);
		await screenshot(page, "workbench-intake-after-accept");

		await page.locator("#login-status button").click();
		// Nothing of the case stays in the page, not even hidden.
		expect(await page.locator("main").textContent()).not.toContain("工作台权限");
		await signIn(page, "unit", "431127", "431127-housing");
		expect(await page.locator("#detail-body").isVisible()).toBe(false);
		await page.getByRole("button", { name: caseId }).click();
		await page.locator("#action-area form[aria-label='答复（处理意见书）']").waitFor();
		expect(await offeredForms(page)).toEqual(["退回（非本单位职责）", "延期（30日，限一次）", "答复（处理意见书）"]);
		expect(await page.locator("#a-reply-text-count").textContent()).toBe("已输入 0 字，上限 20000 字");
		await noSeriousViolations(page, "workbench (handling)");
		await screenshot(page, "workbench-unit-handling");
		expect(errors).toEqual([]);
		await context.close();
	});
});

describe("workbench: repeat petitions", () => {
	it("shows the original's repeat count and links another case to it by hand", async () => {
		const a = api(system);
		const person = { name: "孙八", idNumber: nextSampleIdNumber(), phone: "13600136000" };
		const original = await a.submit({
			petitioner: person,
			title: "占道经营噪音扰民",
			content: "请求：清理占道经营。事实：夜间噪音持续。理由：影响休息。",
		});
		const again = await postJson(
			`${system.url}/v1/petitions`,
			samplePetition({
				petitioner: person,
				title: "占道经营噪音扰民",
				content: "请求清理占道经营，夜间噪音持续，影响休息",
			}),
		);
		expect(again.body.repeatOf).toBe(original.caseId);
		const other = await a.submit({ title: "夜市噪音", content: "请求限制夜市营业时间" });

		const { page, context, errors } = await pageSignedIn("workbench", "intake");
		await page.getByRole("button", { name: original.caseId }).click();
		await page.locator("#detail-facts", { hasText: "重复信访 1 次" }).waitFor();
		await page.locator("#events", { hasText: "重复信访" }).waitFor();

		await page.getByRole("button", { name: other.caseId }).click();
		await page.locator("#detail-title", { hasText: other.caseId }).waitFor();
		await page.locator("#a-link_repeat-original").fill(original.caseId.toLowerCase());
		await page.locator("#action-area form[aria-label='关联为重复信访件'] button[type=submit]").click();
		await page.locator("#detail-facts", { hasText: `本件为 ${original.caseId} 的重复件` }).waitFor();
		// The action forms follow the facts (the form for 受理 first loads the region's units).
		const unlink = page.locator("#action-area form[aria-label='取消重复件关联']");
		await unlink.first().waitFor();
		expect(await unlink.count()).toBe(1);
		await noSeriousViolations(page, "workbench (a linked repeat)");
		await screenshot(page, "workbench-repeat-linked");
		// The link leads to the original, which now counts two repeats.
		await page.locator("#detail-facts button.link", { hasText: original.caseId }).click();
		await page.locator("#detail-facts", { hasText: "重复信访 2 次" }).waitFor();
		expect(errors).toEqual([]);
		await context.close();
	});
});

describe("workbench at a phone's width", () => {
	it("stays inside the screen with its queue and a case open", async () => {
		const { caseId } = await api(system).submit({ title: "手机上办理的案件" });
		const { page, context, errors } = await newPage(browser, phone);
		await page.goto(`${system.url}/web/workbench.html`);
		await signIn(page, "intake", "431127");
		await page.getByRole("button", { name: caseId }).click();
		await page.locator("#action-area form").first().waitFor();
		// the wide queue and history tables scroll inside their own boxes
		expect(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")).toBe(true);
		await screenshot(page, "workbench-phone");
		expect(errors).toEqual([]);
		await context.close();
	});
});

describe("workbench: answers that arrive late", () => {
	/** Holds the page's GET of one case until `release()`; resolves `held` when the page has asked. */
	async function holdCase(page: Page, caseId: string) {
		let release!: () => void;
		const released = new Promise<void>((r) => {
			release = r;
		});
		let asked!: () => void;
		const held = new Promise<void>((r) => {
			asked = r;
		});
		await page.route(`**/v1/cases/${caseId}`, async (route) => {
			if (route.request().method() !== "GET") return route.continue();
			asked();
			await released;
			await route.continue();
		});
		/** Lets the held answer through and waits until the page has had it. */
		const deliver = async () => {
			const answered = page.waitForResponse((r) => r.url().endsWith(`/v1/cases/${caseId}`));
			release();
			await answered;
			await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
		};
		return { held, deliver };
	}

	it("shows the case opened last, whichever answer comes back last", async () => {
		const a = api(system);
		const first = await a.submit({ title: "先点开的案件" });
		const second = await a.submit({ title: "后点开的案件" });
		const { page, context, errors } = await pageSignedIn("workbench", "intake");
		const slow = await holdCase(page, first.caseId);
		await page.getByRole("button", { name: first.caseId }).click();
		await slow.held;
		await page.getByRole("button", { name: second.caseId }).click();
		await page.locator("#detail-title", { hasText: second.caseId }).waitFor();
		await slow.deliver();
		expect(await page.locator("#detail-title").textContent()).toContain(second.caseId);
		expect(await page.locator("#detail-facts").textContent()).toContain("后点开的案件");
		// The forms act on the case shown: four acceptance forms, once.
		expect(await page.locator("#action-area form").count()).toBe(4);
		expect(errors).toEqual([]);
		await context.close();
	});

	it("shows the next user nothing of a case the previous one opened before signing out", async () => {
		const a = api(system);
		const { caseId } = await a.submit({ title: "上一位用户的案件" });
		const { page, context, errors } = await pageSignedIn("workbench", "intake");
		const slow = await holdCase(page, caseId);
		await page.getByRole("button", { name: caseId }).click();
		await slow.held;
		await page.locator("#login-status button").click();
		await signIn(page, "unit", "431127", "431127-housing");
		await page.locator("#queue-status").filter({ hasNotText: "正在加载" }).waitFor();
		await slow.deliver();
		expect(await page.locator("#detail-body").isVisible()).toBe(false);
		expect(await page.locator("#action-area form").count()).toBe(0);
		expect(await page.locator("body").textContent()).not.toContain("上一位用户的案件");
		expect(errors).toEqual([]);
		await context.close();
	});
});
