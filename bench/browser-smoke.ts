/**
 * bench/browser-smoke: drives the web pages in a real browser against the local system and takes
 * screenshots into .data/screens/. Not part of `npm test`: it needs Chromium at /usr/bin/chromium
 * (Debian: `apt-get install -y chromium`, plus a CJK font such as fonts-wqy-microhei for readable
 * screenshots) and skips with a message when it is missing.
 * Usage: npm run smoke:browser
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { startLocalSystem } from "#local/system.ts";

const executablePath = "/usr/bin/chromium";
const screens = join(".data", "screens");

if (!existsSync(executablePath)) {
	console.log(`browser smoke skipped: ${executablePath} not found (apt-get install -y chromium)`);
	process.exit(0);
}

const checks: string[] = [];
function check(ok: unknown, what: string): void {
	if (!ok) throw new Error(`browser smoke failed: ${what}`);
	checks.push(what);
}

async function json(method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
	const res = await fetch(url, {
		method,
		headers: { ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
		...(body !== undefined ? { body: JSON.stringify(body) } : {}),
	});
	return { status: res.status, body: (await res.json()) as any };
}

/** Waits until the element shows the text (the smoke runs in Node: no DOM types here). */
async function waitText(page: Page, selector: string, text: string): Promise<void> {
	await page.locator(selector, { hasText: text }).waitFor();
}

async function shot(page: Page, name: string): Promise<void> {
	await page.screenshot({ path: join(screens, `${name}.png`), fullPage: true });
}

async function main() {
	await mkdir(screens, { recursive: true });
	const system = await startLocalSystem({ submissionLimits: "off", port: 0, clock: "virtual" });
	const userDataDir = await mkdtemp(join(tmpdir(), "xinfang-chromium-"));
	const context = await chromium.launchPersistentContext(userDataDir, {
		executablePath,
		headless: true,
		args: [
			"--headless",
			"--no-sandbox",
			"--disable-gpu",
			"--disable-background-networking",
			"--disable-component-update",
			"--no-first-run",
			"--disable-sync",
		],
		viewport: { width: 1280, height: 900 },
		locale: "zh-CN",
		timezoneId: "Asia/Shanghai",
	});
	const problems: string[] = [];
	context.on("page", (p) => {
		p.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
		p.on("console", (msg) => {
			// A 4xx answer the page expects (wrong query code) is logged by the browser as a failed load.
			if (msg.type() === "error" && !/status of 4\d\d/.test(msg.text())) problems.push(`console: ${msg.text()}`);
		});
	});
	try {
		const base = system.url;
		const page = context.pages()[0] ?? (await context.newPage());
		page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));

		// 1. The petition form: "/" lands on it.
		await page.goto(`${base}/`);
		check(page.url() === `${base}/web/`, "GET / redirects to /web/");
		check((await page.locator("#region option").count()) === 12, "the region select lists the 11 counties of 永州市");
		await shot(page, "01-petition-empty");

		// Inline GB 11643 check.
		await page.fill("#idNumber", "110105194912310021");
		await page.locator("#idNumber").blur();
		check(
			(await page.textContent("#idNumber-check"))?.includes("应为 X"),
			"the ID check names the expected check character",
		);

		// Local checks before sending.
		await page.click("#submit");
		check((await page.textContent("#name-error"))?.includes("请填写姓名"), "an empty name is marked next to the field");
		await shot(page, "02-petition-errors");

		// A 4xx from the server: its issues land next to the fields they name.
		await page.route("**/v1/petitions", (route) =>
			route.fulfill({
				status: 400,
				contentType: "application/json",
				body: JSON.stringify({
					error: {
						code: "VALIDATION_FAILED",
						message: "body 校验未通过",
						details: {
							in: "body",
							issues: [{ path: "petitioner.phone", message: "手机号码无效（服务器）", code: "custom" }],
						},
					},
				}),
			}),
		);
		await page.fill("#name", "张三");
		await page.fill("#idNumber", "11010519491231002X");
		await page.fill("#phone", "13800138000");
		await page.fill("#address", "蓝山县塔峰镇");
		await page.selectOption("#region", "431127");
		await page.selectOption("#category", "appeal");
		await page.fill("#title", "小区道路积水");
		await page.fill(
			"#content",
			"请求：修复小区排水管道。\n事实：每次降雨后小区主干道积水半月。\n理由：影响居民出行安全。",
		);
		await page.fill("#persons", "1");
		await page.click("#submit");
		await waitText(page, "#phone-error", "服务器");
		check(await page.getAttribute("#phone", "aria-invalid"), "a server issue path marks the phone field");
		await shot(page, "03-petition-server-error");
		await page.unroute("**/v1/petitions");

		// Double click: one Idempotency-Key per fill, so one case.
		await page.dblclick("#submit");
		await page.waitForSelector("#receipt:not([hidden])");
		const caseId = (await page.textContent("#receipt-case-id"))?.trim() ?? "";
		const queryCode = (await page.textContent("#receipt-query-code"))?.trim() ?? "";
		check(/^XF431127-/.test(caseId) && queryCode.length >= 8, "the receipt shows the case id and the query code");
		await shot(page, "04-petition-receipt");
		await system.virtual?.settle();

		const token = async (role: string, unit?: string) =>
			(
				await json("POST", `${base}/local/token`, {
					user: `${role}-smoke`,
					role,
					region: role === "leader" ? "431100" : "431127",
					...(unit ? { unit } : {}),
				})
			).body.token as string;
		const intake = await token("intake");
		const queue = await json("GET", `${base}/v1/cases?region=431127`, undefined, { authorization: `Bearer ${intake}` });
		check(queue.body.items.length === 1, "a double click created one case, not two");

		// 2. Tracking: the receipt links there with the case id filled in.
		await page.click("#receipt-track");
		await page.waitForURL(/track\.html/);
		check((await page.inputValue("#caseId")) === caseId, "the tracking page takes the case id from the receipt link");
		await page.fill("#queryCode", "WRONGCODE1");
		await page.click("#track-submit");
		await page.waitForSelector("#track-error:not(:empty)");
		check((await page.textContent("#track-error"))?.includes("查询码"), "a wrong query code answers in Chinese");
		await shot(page, "05-track-not-found");
		await page.fill("#queryCode", queryCode);
		await page.click("#track-submit");
		await page.waitForSelector("#result:not([hidden])");
		check((await page.locator("ol.timeline li.current").textContent())?.includes("受理"), "a new case is at 受理");
		await shot(page, "06-track-acceptance");

		// Staff accept and reply through the API; the page then offers 复查 and 评价.
		const auth = (t: string) => ({ authorization: `Bearer ${t}` });
		const accepted = await json(
			"POST",
			`${base}/v1/cases/${caseId}/actions`,
			{ type: "accept", category: "appeal", unit: "431127-housing" },
			auth(intake),
		);
		check(accepted.status === 200, "intake accepts the case");
		await system.virtual?.settle();
		const unit = await token("unit", "431127-housing");
		const replied = await json(
			"POST",
			`${base}/v1/cases/${caseId}/actions`,
			{
				type: "reply",
				outcome: "partly",
				mediated: false,
				text: "经现场调查，排水管道堵塞属实，已安排疏通；道路改造纳入明年计划。",
			},
			auth(unit),
		);
		check(replied.status === 200, "the unit replies");
		await system.virtual?.settle();
		await page.click("#track-submit");
		await page.waitForSelector("#review-form:not([hidden])");
		check(await page.isVisible("#evaluation-form"), "after the reply the page offers 评价");
		check((await page.locator("#documents article").count()) >= 2, "the documents (受理告知书, 处理意见书) are listed");
		await shot(page, "07-track-replied");
		await page.check('input[name="satisfaction"][value="basically_satisfied"]');
		await page.click("#evaluation-submit");
		await waitText(page, "#action-status", "感谢");
		await page.waitForSelector("#evaluation-form", { state: "hidden" });
		check(await page.isHidden("#evaluation-form"), "an evaluation is taken once");
		await page.fill("#reason", "对道路改造时间不满意");
		await page.click("#review-submit");
		await waitText(page, "#action-status", "申请已提交");
		await system.virtual?.settle();
		await shot(page, "08-track-review-requested");

		// 3. Workbench: the reviewer sees the 复查 in its queue.
		await page.goto(`${base}/web/workbench.html`);
		await page.fill("#login-user", "reviewer01");
		await page.selectOption("#login-role", "reviewer");
		await page.selectOption("#login-region", "431127");
		await page.click('#login-form button[type="submit"]');
		await page.waitForSelector("#workbench:not([hidden])");
		await waitText(page, "#queue-status", "第");
		await page.click(`#queue-body button:text("${caseId}")`);
		await page.waitForSelector('#action-area form[aria-label="复查/复核决定"]');
		await shot(page, "09-workbench-review");
		// An action the step does not take answers 409, shown as such.
		const wrong = await json("POST", `${base}/v1/cases/${caseId}/actions`, { type: "extend", reason: "x" }, auth(unit));
		check(wrong.status === 409 || wrong.status === 404 || wrong.status === 403, "an action out of step is refused");
		await page.selectOption("#a-review_decision-outcome", "upheld");
		await page.fill("#a-review_decision-text", "经复查，原处理意见认定事实清楚，予以维持。");
		await page.click('#action-area form[aria-label="复查/复核决定"] button[type="submit"]');
		await waitText(page, "#action-result", "已提交");
		await system.virtual?.settle();
		await shot(page, "10-workbench-decided");

		// 4. Statistics and the annual report (leader of the city).
		await page.goto(`${base}/web/dashboard.html`);
		await page.click('#login-form button[type="submit"]');
		await page.waitForSelector("#stats:not([hidden])");
		await shot(page, "11-dashboard");
		await page.click("#show-report");
		await page.waitForSelector("#report:not([hidden])");
		check(((await page.textContent("#report-text")) ?? "").length > 50, "the annual report is shown as text");
		await shot(page, "12-dashboard-report");

		// A phone-sized screen.
		const phone = await context.newPage();
		await phone.setViewportSize({ width: 390, height: 844 });
		await phone.goto(`${base}/web/`);
		await shot(phone, "13-petition-phone");
		await phone.goto(`${base}/web/workbench.html`);
		await shot(phone, "14-workbench-phone");

		check(problems.length === 0, `no page errors (${problems.join("; ")})`);
		for (const c of checks) console.log(`ok  ${c}`);
		console.log(`screenshots in ${screens}/`);
	} finally {
		await context.close();
		await rm(userDataDir, { recursive: true, force: true });
		await system.stop();
	}
}

main().catch((err: unknown) => {
	for (const c of checks) console.log(`ok  ${c}`);
	console.error(err instanceof Error ? err.message : err);
	process.exit(1);
});
