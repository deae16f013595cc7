/**
 * Petitioners for the benchmarks: the i-th is a different person (a valid resident ID of its own), so
 * no submission is taken for a repeat petition (重复信访) of an earlier one.
 */
import { residentIdCheckChar } from "#shared/domain/identity.ts";

/** A valid, distinct resident ID number for every i below 336,000 (day × month × sequence of 1950). */
export function idNumberOf(i: number, region = "431127"): string {
	const [day, month, seq] = [i % 28, Math.floor(i / 28) % 12, Math.floor(i / 336) % 1000];
	const first17 = `${region}1950${String(month + 1).padStart(2, "0")}${String(day + 1).padStart(2, "0")}${String(seq).padStart(3, "0")}`;
	return first17 + residentIdCheckChar(first17);
}

let next = 0;

/** An online petition of the next person. */
export function petitionOfNext(title = "基准测试") {
	return {
		petitioner: { name: "张三", idNumber: idNumberOf(next++), phone: "13800138000" },
		region: "431127",
		category: "appeal",
		title,
		content: "请求、事实和理由。".repeat(20),
	};
}
