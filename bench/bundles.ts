/**
 * `npm run bench:bundles`: each registry function bundled as prod deploys it (infra/constructs/
 * registry-function.ts's esbuild options: ESM, minified, no source maps, the AWS SDK bundled), its size
 * in KB and the CPU time of importing it in a fresh Node process (median of 7), next to the floor: the
 * same measurement for an empty module in the same run. Goals: ≤ 300 KB and ≤ 100 ms each.
 *
 * `-- --runtime-sdk` measures the alternative of taking the AWS SDK v3 from the Lambda runtime
 * (`@aws-sdk/*` external, so the credential alias does not apply): its KB leave the bundle but not the
 * time, since the bundles are written under node_modules/.cache and their `@aws-sdk/*` imports load
 * the installed copy in the same measured process, as they would load the runtime's copy at init.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { esbuildOptions, projectRoot } from "#infra/constructs/registry-function.ts";
import { environmentOf } from "#shared/aws/env.ts";
import { type FunctionName, functionNames, functions } from "#shared/specs/functions.ts";

const RUNS = 7;
const GOAL_KB = 300;
const GOAL_MS = 100;

const runtimeSdk = process.argv.includes("--runtime-sdk");
const options = runtimeSdk
	? { ...esbuildOptions, alias: { semver: esbuildOptions.alias.semver }, external: ["@aws-sdk/*"] }
	: { ...esbuildOptions, alias: { ...esbuildOptions.alias } };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** CPU ms (user + system) of `import(file)` in a fresh process, as Lambda's init would spend it. */
function coldImportMs(file: string, env: Record<string, string>): number {
	const script = `const t=process.cpuUsage();await import(${JSON.stringify(file)});const u=process.cpuUsage(t);process.stdout.write(String((u.user+u.system)/1000));`;
	const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
		encoding: "utf8",
		env: { PATH: process.env.PATH ?? "", ...env },
	});
	return Number(out);
}

const cache = join(projectRoot, "node_modules", ".cache");
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, "xinfang-bundles-"));
try {
	const empty = join(dir, "empty.mjs");
	writeFileSync(empty, "export const handler = () => undefined;\n");
	const floor = median(Array.from({ length: RUNS }, () => coldImportMs(empty, {})));

	const rows: { name: FunctionName; kb: number; ms: number; top: string }[] = [];
	for (const name of functionNames) {
		const outfile = join(dir, name, "index.mjs");
		const result = await build({
			...options,
			mainFields: [...esbuildOptions.mainFields],
			entryPoints: [join(projectRoot, functions[name].module)],
			outfile,
			sourcemap: false,
			metafile: true,
			logLevel: "error",
		});
		const kb = statSync(outfile).size / 1024;
		const byPackage = new Map<string, number>();
		for (const [input, { bytesInOutput }] of Object.entries(
			Object.values(result.metafile?.outputs ?? {})[0]?.inputs ?? {},
		)) {
			const pkg = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1] ?? input.split("/")[0]!;
			byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
		}
		const top = [...byPackage]
			.sort((a, b) => b[1] - a[1])
			.slice(0, 3)
			.map(([p, b]) => `${p} ${(b / 1024).toFixed(0)}`)
			.join(", ");
		// The variables its init requires (shared/aws/env.ts), and a region for the SDK clients.
		const env = {
			AWS_REGION: "us-east-1",
			...Object.fromEntries(environmentOf(name).map((v) => [v.variable, "bench"])),
		};
		const ms = median(Array.from({ length: RUNS }, () => coldImportMs(outfile, env)));
		rows.push({ name, kb, ms, top });
	}

	console.log(
		runtimeSdk
			? "Bundles with the AWS SDK left to the Lambda runtime (@aws-sdk/* external; its load from node_modules counted in the ms, not in the KB)."
			: "Bundles as prod deploys them (the AWS SDK bundled).",
	);
	console.log(`Cold import = CPU ms of import() in a fresh process, median of ${RUNS}.`);
	console.log(`Floor (an empty module, same measurement): ${floor.toFixed(1)} ms\n`);
	console.log("| function | KB | cold import ms | − floor | largest parts (KB) |");
	console.log("|---|---|---|---|---|");
	for (const r of rows) {
		const kb = `${r.kb.toFixed(0)}${r.kb > GOAL_KB ? " ✗" : ""}`;
		const ms = `${r.ms.toFixed(1)}${r.ms > GOAL_MS ? " ✗" : ""}`;
		console.log(`| ${r.name} | ${kb} | ${ms} | ${(r.ms - floor).toFixed(1)} | ${r.top} |`);
	}
	const over = rows.filter((r) => r.kb > GOAL_KB || r.ms > GOAL_MS);
	console.log(
		`\nGoals ≤ ${GOAL_KB} KB and ≤ ${GOAL_MS} ms: ${rows.length - over.length}/${rows.length} functions meet both.`,
	);
} finally {
	rmSync(dir, { recursive: true, force: true });
}
