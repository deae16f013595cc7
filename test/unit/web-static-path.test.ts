import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resolveWebPath } from "#local/static.ts";

const root = "/srv/app/web";

describe("resolveWebPath", () => {
	it("maps a request path below the mount to a file inside the web root", () => {
		expect(resolveWebPath(root, "/index.html")).toBe(join(root, "index.html"));
		expect(resolveWebPath(root, "/js/page-track.js")).toBe(join(root, "js", "page-track.js"));
		expect(resolveWebPath(root, "/")).toBe(join(root, "index.html"));
		expect(resolveWebPath(root, "")).toBe(join(root, "index.html"));
		expect(resolveWebPath(root, "/%E7%BB%9F%E8%AE%A1.html")).toBe(join(root, "统计.html"));
	});

	it.each([
		"/../package.json",
		"/js/../../x",
		"/%2e%2e/x",
		"/..%2fx",
		"/..%5cx",
		"/a%00b",
		"/%E0%A4%A",
		"/.env",
		"/js/.git/config",
		"/./index.html",
	])("refuses %s", (path) => {
		expect(resolveWebPath(root, path)).toBeUndefined();
	});
});
