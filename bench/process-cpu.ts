/**
 * CPU time of the two processes of the local home, for benches that stand their figures on it: this
 * node process (`process.cpuUsage()`) and the DynamoDB Local java process below it (`/proc/<pid>/stat`).
 * Linux only (/proc).
 */
import { readdirSync, readFileSync } from "node:fs";

/** The fields of a `/proc/…/stat` file after the command's name: state, ppid, pgrp, … */
const statFields = (path: string) => readFileSync(path, "utf8").split(") ")[1]?.split(" ") ?? [];
/** User + system CPU ms from those fields (clock ticks of 10 ms). */
const cpuMsOf = (f: string[]) => (Number(f[11]) + Number(f[12])) * 10;

const parentOf = (pid: number) => Number(statFields(`/proc/${pid}/stat`)[1]);

/** The java process below this one (DynamoDB Local runs under a guard shell). */
export function dynamoDbLocalPid(): number {
	return dynamoDbLocalPidUnder(process.pid);
}

/** The DynamoDB Local java process below `ancestor` (a process of the local home). */
export function dynamoDbLocalPidUnder(ancestor: number): number {
	for (const p of readdirSync("/proc")) {
		if (!/^\d+$/.test(p)) continue;
		try {
			const cmd = readFileSync(`/proc/${p}/cmdline`, "utf8");
			if (!cmd.startsWith("java") || !cmd.includes("DynamoDBLocal")) continue;
			for (let pp = parentOf(Number(p)), i = 0; pp > 1 && i < 6; pp = parentOf(pp), i++)
				if (pp === ancestor) return Number(p);
		} catch {
			// the process ended meanwhile
		}
	}
	throw new Error("DynamoDB Local's process not found");
}

/** The process group of a process. */
export const processGroupOf = (pid: number) => Number(statFields(`/proc/${pid}/stat`)[2]);

/** User + system CPU ms of a process (clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
	return cpuMsOf(statFields(`/proc/${pid}/stat`));
}

/** User + system CPU ms of this node process. */
export function nodeCpuMs(): number {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1000;
}

/** What a DynamoDB Local thread does, by its name (`/proc/<pid>/task/<tid>/comm`). */
export type JavaThreadKind = "SQLite queue" | "HTTP (Jetty)" | "JIT compilers" | "GC" | "other";

function kindOf(comm: string): JavaThreadKind {
	if (comm.startsWith("SQLiteQueue")) return "SQLite queue";
	if (comm.startsWith("qtp")) return "HTTP (Jetty)";
	if (/^C[12] CompilerThre/.test(comm)) return "JIT compilers";
	if (/^(GC Thread|G1 |VM Thread)/.test(comm)) return "GC";
	return "other";
}

/**
 * CPU ms of a java process's threads by what they do: DynamoDB Local's one SQLite queue thread (every
 * read and write of a table, in order), the Jetty threads that parse requests and write responses,
 * the JIT compilers (high while the JVM warms up) and the garbage collector.
 */
export function javaThreadCpuMs(pid: number): Map<JavaThreadKind, number> {
	const out = new Map<JavaThreadKind, number>();
	for (const tid of readdirSync(`/proc/${pid}/task`)) {
		try {
			const kind = kindOf(readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim());
			out.set(kind, (out.get(kind) ?? 0) + cpuMsOf(statFields(`/proc/${pid}/task/${tid}/stat`)));
		} catch {
			// the thread ended meanwhile
		}
	}
	return out;
}

/** The difference of two `javaThreadCpuMs` readings. */
export function javaThreadCpuSince(
	before: Map<JavaThreadKind, number>,
	after: Map<JavaThreadKind, number>,
): Map<JavaThreadKind, number> {
	return new Map([...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)]));
}

/**
 * Runs `slice` (a few seconds of load) until DynamoDB Local's JIT compilers have settled: until they
 * spent under `settledShare` of its CPU in the last slice, or `maxSlices` passed. A JVM still compiling
 * charges that work to whatever runs then, so figures measured before it settles are not comparable
 * with a floor measured after. Returns the slices run and the compilers' share in the last one.
 */
export async function warmUntilSettled(
	javaPid: number,
	slice: () => Promise<void>,
	{ settledShare = 0.1, maxSlices = 24 } = {},
): Promise<{ slices: number; compilerShare: number }> {
	let compilerShare: number;
	let slices = 0;
	do {
		const before = javaThreadCpuMs(javaPid);
		await slice();
		slices++;
		const spent = javaThreadCpuSince(before, javaThreadCpuMs(javaPid));
		const total = [...spent.values()].reduce((a, b) => a + b, 0);
		compilerShare = total > 0 ? (spent.get("JIT compilers") ?? 0) / total : 0;
	} while (slices < maxSlices && compilerShare >= settledShare);
	return { slices, compilerShare };
}
