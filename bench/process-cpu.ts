/**
 * CPU time of the two processes of the local home, for benches that stand their figures on it: this
 * node process (`process.cpuUsage()`) and the DynamoDB Local java process below it (`/proc/<pid>/stat`).
 * Linux only (/proc).
 */
import { readdirSync, readFileSync } from "node:fs";

const parentOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ")[1]);

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
export const processGroupOf = (pid: number) =>
	Number(readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ")[2]);

/** User + system CPU ms of a process (clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
	const f = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
	return (Number(f[11]) + Number(f[12])) * 10;
}

/** User + system CPU ms of this node process. */
export function nodeCpuMs(): number {
	const u = process.cpuUsage();
	return (u.user + u.system) / 1000;
}
