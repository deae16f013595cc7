/**
 * Every module that the functions import on demand (`await import(…)`) is one `npm start` loads before it
 * listens (`loadedOnDemand` in local/functions.ts): loaded later, it would need the TypeScript loader's
 * helper process, which a terminal's Ctrl-C stops with the rest of the process group.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { loadedOnDemand, projectRoot } from "#local/functions.ts";

function sources(dir: string): string[] {
	return readdirSync(join(projectRoot, dir), { withFileTypes: true, recursive: true })
		.filter((e) => e.isFile() && e.name.endsWith(".ts"))
		.map((e) => join(e.parentPath, e.name));
}

describe("modules imported on demand", () => {
	it("are all loaded by npm start before it listens", () => {
		const found = new Set<string>();
		for (const file of [...sources("functions"), ...sources("shared")])
			for (const m of readFileSync(file, "utf8").matchAll(/await import\("#shared\/([^"]+)"\)/g))
				found.add(`shared/${m[1]}`);
		for (const file of [...sources("functions"), ...sources("shared")])
			expect(readFileSync(file, "utf8"), relative(projectRoot, file)).not.toMatch(/import\((?!"#shared\/)/);
		expect([...found].sort()).toEqual([...loadedOnDemand].sort());
	});
});
