/**
 * bench/flamegraph: a V8 CPU profile (`.cpuprofile`, from `node --cpu-prof` or `npm run bench:trace
 * -- --profile N`) → a flame graph as SVG and PNG (drawn here, photographed by Debian's Chromium through
 * playwright-core) and a breakdown of where the process's CPU time went, by part of the stack.
 * Usage: npm run flamegraph -- PROFILE [--png docs/performance-flame.png] [--title "…"]
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: {
		png: { type: "string", default: "docs/performance-flame.png" },
		title: { type: "string", default: "CPU profile" },
	},
});
const file = positionals[0];
if (!file) {
	console.error("usage: npm run flamegraph -- PROFILE.cpuprofile [--png out.png] [--title text]");
	process.exit(2);
}

interface CallFrame {
	functionName: string;
	url: string;
	lineNumber: number;
}
interface ProfileNode {
	id: number;
	callFrame: CallFrame;
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => {
	self.set(id, (self.get(id) ?? 0) + Math.max(0, profile.timeDeltas[i] ?? 0));
});

/** Which part of the system a frame belongs to (colour and breakdown). */
function category(f: CallFrame): string {
	const u = f.url;
	if (f.functionName === "(idle)") return "idle (waiting for I/O: DynamoDB Local, sockets)";
	if (f.functionName === "(garbage collector)") return "garbage collector";
	if (f.functionName === "(program)" || f.functionName === "(root)") return "V8 / native (program)";
	if (/node_modules\/(@aws-sdk|@smithy)\//.test(u)) return "AWS SDK (@aws-sdk, @smithy)";
	if (/node_modules\/zod\//.test(u)) return "zod";
	if (/node_modules\/(jose)\//.test(u)) return "jose (JWT)";
	if (/node_modules\/(@middy|@aws-lambda-powertools)\//.test(u)) return "middy, Powertools";
	if (/node_modules\/(tsx|esbuild|vitest)\//.test(u)) return "tsx loader";
	if (/node_modules\//.test(u)) return "other libraries";
	if (/\/(local)\/stepfunctions\//.test(u)) return "workflow engine (local/stepfunctions)";
	if (/\/local\//.test(u)) return "local home (gateway, poller, clock)";
	if (/\/(shared|functions)\//.test(u)) return "handlers and domain (shared, functions)";
	if (/\/bench\//.test(u)) return "benchmark client";
	if (u.startsWith("node:") || u === "" || !u.includes("/")) return "Node.js (http, streams, crypto, JSON)";
	return "other";
}

const colours: Record<string, string> = {
	"idle (waiting for I/O: DynamoDB Local, sockets)": "#d9d9d9",
	"garbage collector": "#e15759",
	"V8 / native (program)": "#bab0ac",
	"AWS SDK (@aws-sdk, @smithy)": "#4e79a7",
	zod: "#b07aa1",
	"jose (JWT)": "#76b7b2",
	"middy, Powertools": "#ff9da7",
	"tsx loader": "#9c755f",
	"other libraries": "#8cd17d",
	"workflow engine (local/stepfunctions)": "#f28e2b",
	"local home (gateway, poller, clock)": "#edc948",
	"handlers and domain (shared, functions)": "#f1a340",
	"benchmark client": "#a0cbe8",
	"Node.js (http, streams, crypto, JSON)": "#59a14f",
	other: "#cccccc",
};

function label(f: CallFrame): string {
	const name = f.functionName || "(anonymous)";
	if (!f.url) return name;
	const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f.url);
	const where = m
		? m[1]
		: f.url.replace(/^file:\/\/.*?\/(shared|functions|local|bench)\//, "$1/").replace(/^node:/, "node:");
	return `${name} ${where}:${f.lineNumber + 1}`;
}

const esc = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

// ---- totals and the breakdown ------------------------------------------------------------------

const total = new Map<number, number>();
function sum(id: number): number {
	const n = byId.get(id)!;
	let t = self.get(id) ?? 0;
	for (const c of n.children ?? []) t += sum(c);
	total.set(id, t);
	return t;
}
const root = profile.nodes[0]!;
const all = sum(root.id);

const byCategory = new Map<string, number>();
const byFunction = new Map<string, { ms: number; cat: string }>();
for (const n of profile.nodes) {
	const s = self.get(n.id) ?? 0;
	if (!s) continue;
	const cat = category(n.callFrame);
	byCategory.set(cat, (byCategory.get(cat) ?? 0) + s);
	const key = label(n.callFrame);
	const f = byFunction.get(key) ?? { ms: 0, cat };
	f.ms += s;
	byFunction.set(key, f);
}
const idle = byCategory.get("idle (waiting for I/O: DynamoDB Local, sockets)") ?? 0;
const busy = all - idle;
const ms = (us: number) => us / 1000;
console.log(
	`profile ${file}: ${ms(all).toFixed(0)} ms sampled, ${ms(busy).toFixed(0)} ms busy (${((100 * busy) / all).toFixed(0)} %), ${ms(idle).toFixed(0)} ms idle`,
);
console.log("\n| part of the stack (self time) | ms | % of busy |");
console.log("|---|---:|---:|");
for (const [cat, us] of [...byCategory].sort((a, b) => b[1] - a[1])) {
	if (cat.startsWith("idle")) continue;
	console.log(`| ${cat} | ${ms(us).toFixed(0)} | ${((100 * us) / busy).toFixed(1)} |`);
}
console.log("\n| function (self time) | part | ms | % of busy |");
console.log("|---|---|---:|---:|");
for (const [fn, v] of [...byFunction]
	.filter(([, v]) => !v.cat.startsWith("idle"))
	.sort((a, b) => b[1].ms - a[1].ms)
	.slice(0, 15))
	console.log(
		`| \`${fn.replaceAll("|", "\\|")}\` | ${v.cat} | ${ms(v.ms).toFixed(0)} | ${((100 * v.ms) / busy).toFixed(1)} |`,
	);

// ---- the flame graph (busy time only: idle is left out so the width is CPU time) -------------------

const W = 1600;
const H = 17;
const rects: string[] = [];
let maxDepth = 0;
function draw(id: number, x: number, depth: number, scale: number): void {
	const n = byId.get(id)!;
	const t = total.get(id) ?? 0;
	const w = t * scale;
	if (w < 0.6) return;
	maxDepth = Math.max(maxDepth, depth);
	if (depth > 0) {
		const cat = category(n.callFrame);
		const text = label(n.callFrame);
		const chars = Math.floor((w - 6) / 6.6);
		const shown = chars >= 3 ? (text.length > chars ? `${text.slice(0, chars - 1)}…` : text) : "";
		rects.push(
			`<g><title>${esc(text)} — ${ms(t).toFixed(1)} ms (${((100 * t) / busy).toFixed(1)} %)</title><rect x="${x.toFixed(2)}" y="${depth}" width="${w.toFixed(2)}" height="${H - 1}" fill="${colours[cat] ?? "#ccc"}" rx="1"/>${shown ? `<text x="${(x + 3).toFixed(2)}" y="${depth}">${esc(shown)}</text>` : ""}</g>`,
		);
	}
	let cx = x;
	const kids = (n.children ?? []).filter((c) => !(byId.get(c)?.callFrame.functionName === "(idle)"));
	for (const c of kids.sort((a, b) => label(byId.get(a)!.callFrame).localeCompare(label(byId.get(b)!.callFrame)))) {
		draw(c, cx, depth + 1, scale);
		cx += (total.get(c) ?? 0) * scale;
	}
}
draw(root.id, 0, 0, W / Math.max(1, busy));
const height = (maxDepth + 1) * H + 60;
// y holds the depth until here: flame graphs grow upwards from the bottom
const body = rects
	.map((r) =>
		r
			.replace(/ y="(\d+)"/g, (_m, d: string) => ` y="${height - 40 - (Number(d) + 1) * H}"`)
			.replace(/<text x="([\d.]+)" y="(\d+)">/, (_m, x: string, y: string) => `<text x="${x}" y="${Number(y) + 12}">`),
	)
	.join("");
const legend = Object.entries(colours)
	.filter(([cat]) => byCategory.has(cat) && !cat.startsWith("idle"))
	.map(
		([cat, c], i) =>
			`<rect x="${8 + (i % 5) * 318}" y="${height - 34 + Math.floor(i / 5) * 15}" width="11" height="11" fill="${c}"/><text x="${24 + (i % 5) * 318}" y="${height - 24 + Math.floor(i / 5) * 15}">${esc(cat)}</text>`,
	)
	.join("");
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height + 20}" font-family="DejaVu Sans Mono, monospace" font-size="11" role="img" aria-label="${esc(values.title)}"><title>${esc(values.title)}: flame graph</title><rect width="100%" height="100%" fill="#fff"/><text x="8" y="16" font-size="14" font-family="Noto Sans CJK SC, sans-serif">${esc(values.title)} — ${ms(busy).toFixed(0)} ms of CPU in the Node.js process (idle left out); width = share of CPU time</text>${body}${legend}</svg>`;
const svgFile = values.png.replace(/\.png$/, ".svg");
writeFileSync(svgFile, svg);

const browser = await chromium.launch({
	executablePath: "/usr/bin/chromium",
	args: [
		"--no-sandbox",
		"--disable-gpu",
		"--disable-background-networking",
		"--disable-component-update",
		"--disable-sync",
		"--no-first-run",
	],
});
try {
	const page = await browser.newPage({ viewport: { width: W, height: height + 20 } });
	await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
	await page.locator("svg").screenshot({ path: values.png });
} finally {
	await browser.close();
}
console.log(`\nflame graph: ${values.png} (and ${svgFile})`);
