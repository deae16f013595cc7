/**
 * `npm run bench:bundles`: each registry function bundled as prod deploys it (infra/constructs/
 * registry-function.ts's esbuild options and the function's own aliases: ESM, minified, no source maps,
 * the AWS SDK bundled), its size in KB and the CPU time of importing it in a fresh Node process (median
 * of 7), next to the floor: the same measurement for an empty module in the same run. Each import runs
 * with the environment Lambda gives a function (its name, task root, X-Ray daemon address, region and
 * the table variables), so the Powertools Tracer and the X-Ray SDK initialise as they do there. Goals:
 * ≤ 300 KB and ≤ 100 ms each, PASS or FAIL per function.
 *
 * `-- --parts` also prints each bundle's packages (KB in the minified output, from esbuild's metafile).
 * `-- --runtime-sdk` measures the alternative of taking the AWS SDK v3 from the Lambda runtime
 * (`@aws-sdk/*` external, so the SDK aliases do not apply): its KB leave the bundle but not the
 * time, since the bundles are written under node_modules/.cache and their `@aws-sdk/*` imports load
 * the installed copy in the same measured process, as they would load the runtime's copy at init.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { bundleAliases, esbuildOptions, projectRoot } from "#infra/constructs/registry-function.ts";
import { environmentOf } from "#shared/aws/env.ts";
import { type FunctionName, type FunctionSpec, functionNames, functions } from "#shared/specs/functions.ts";

const RUNS = 7;
const GOAL_KB = 300;
const GOAL_MS = 100;

const runtimeSdk = process.argv.includes("--runtime-sdk");
const showParts = process.argv.includes("--parts");
/** The bundle's aliases as prod builds them; with the runtime's SDK only those outside `@aws-sdk/*` apply. */
const aliasesOf = (name: FunctionName) =>
	Object.fromEntries(
		Object.entries(bundleAliases(functions[name] as FunctionSpec)).filter(
			([module]) => !runtimeSdk || !module.startsWith("@aws-sdk/"),
		),
	);

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

	/** Bundles `entry` as prod does with `aliases`, and measures its KB, its packages and its cold import. */
	async function measureBundle(
		label: string,
		entry: string,
		aliases: Record<string, string>,
		env: Record<string, string>,
	) {
		const outfile = join(dir, label, "index.mjs");
		const result = await build({
			...esbuildOptions,
			alias: aliases,
			...(runtimeSdk ? { external: ["@aws-sdk/*"] } : {}),
			mainFields: [...esbuildOptions.mainFields],
			entryPoints: [entry],
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
		const parts = [...byPackage].sort((a, b) => b[1] - a[1]).map(([p, b]) => [p, b / 1024] as const);
		// What Lambda sets before init (the X-Ray SDK and the Tracer look at these).
		const lambdaEnv = {
			AWS_REGION: "us-east-1",
			AWS_LAMBDA_FUNCTION_NAME: label,
			AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
			AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "512",
			AWS_EXECUTION_ENV: "AWS_Lambda_nodejs24.x",
			LAMBDA_TASK_ROOT: join(dir, label),
			AWS_XRAY_DAEMON_ADDRESS: "127.0.0.1:2000",
			AWS_XRAY_CONTEXT_MISSING: "LOG_ERROR",
			...env,
		};
		const ms = median(Array.from({ length: RUNS }, () => coldImportMs(outfile, lambdaEnv)));
		return { kb, ms, parts };
	}

	// The floor: only what every DynamoDB function must carry, none of the system's code (bench/bundle-floor.ts).
	const base = await measureBundle("floor", join(projectRoot, "bench", "bundle-floor.ts"), aliasesOf("getCase"), {
		TABLE: "bench",
	});

	const rows: { name: FunctionName; kb: number; ms: number; parts: (readonly [string, number])[] }[] = [];
	for (const name of functionNames) {
		const spec = functions[name] as FunctionSpec;
		// Plus the variables the function's init requires (shared/aws/env.ts) and its memory size.
		const measured = await measureBundle(name, join(projectRoot, spec.module), aliasesOf(name), {
			AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb ?? 512),
			...Object.fromEntries(environmentOf(name).map((v) => [v.variable, "bench"])),
		});
		rows.push({ name, ...measured });
	}

	console.log(
		runtimeSdk
			? "Bundles with the AWS SDK left to the Lambda runtime (@aws-sdk/* external; its load from node_modules counted in the ms, not in the KB)."
			: "Bundles as prod deploys them (the AWS SDK bundled).",
	);
	console.log(`Cold import = CPU ms of import() in a fresh process, median of ${RUNS}.`);
	console.log(`Floor (an empty module, same measurement): ${floor.toFixed(1)} ms`);
	console.log(
		`Floor of a DynamoDB function (bench/bundle-floor.ts: the document client tracked by the Tracer, Logger, Metrics, middy, one zod/mini schema; no code of ours): ${base.kb.toFixed(0)} KB, ${base.ms.toFixed(1)} ms — ${base.parts
			.slice(0, 4)
			.map(([p, k]) => `${p} ${k.toFixed(0)}`)
			.join(", ")}\n`,
	);
	const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");
	console.log(`| function | KB | ≤ ${GOAL_KB} | cold import ms | − floor | ≤ ${GOAL_MS} | largest parts (KB) |`);
	console.log("|---|---|---|---|---|---|---|");
	for (const r of rows) {
		const top = r.parts
			.slice(0, 3)
			.map(([p, k]) => `${p} ${k.toFixed(0)}`)
			.join(", ");
		console.log(
			`| ${r.name} | ${r.kb.toFixed(0)} | ${verdict(r.kb <= GOAL_KB)} | ${r.ms.toFixed(1)} | ${(r.ms - floor).toFixed(1)} | ${verdict(r.ms <= GOAL_MS)} | ${top} |`,
		);
	}
	if (showParts) {
		console.log("\nPackages per bundle (KB of minified output, ≥ 1 KB):");
		for (const r of rows)
			console.log(
				`${r.name}: ${r.parts
					.filter(([, k]) => k >= 1)
					.map(([p, k]) => `${p} ${k.toFixed(1)}`)
					.join(", ")}`,
			);
	}
	const meetKb = rows.filter((r) => r.kb <= GOAL_KB).length;
	const meetMs = rows.filter((r) => r.ms <= GOAL_MS).length;
	const meetBoth = rows.filter((r) => r.kb <= GOAL_KB && r.ms <= GOAL_MS).length;
	console.log(
		`\n≤ ${GOAL_KB} KB: ${meetKb}/${rows.length}; ≤ ${GOAL_MS} ms: ${meetMs}/${rows.length}; both: ${meetBoth}/${rows.length} functions.`,
	);
} finally {
	rmSync(dir, { recursive: true, force: true });
}
