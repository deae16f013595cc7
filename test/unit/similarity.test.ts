import { describe, expect, it } from "vitest";
import {
	isSameMatter,
	matterSimilarity,
	normaliseText,
	sameMatterThreshold,
	similarity,
} from "#shared/domain/similarity.ts";

const original = { title: "小区道路积水", content: "请求：修复排水。事实：雨后积水半月。理由：影响出行。" };

describe("same matter (重复信访 rule)", () => {
	it("normalises width, case, spaces and punctuation", () => {
		expect(normaliseText(" 小区，道路 积水！ＡＢ1 ")).toBe("小区道路积水ab1");
	});

	it("scores identical texts 1 and unrelated texts 0", () => {
		expect(similarity("小区道路积水", "小区道路积水")).toBe(1);
		expect(similarity("小区道路积水", "工资拖欠")).toBe(0);
		expect(similarity("", "")).toBe(0);
	});

	it("a re-typed petition with other punctuation and a reworded title is the same matter", () => {
		const again = { title: "小区道路积水问题", content: "请求修复排水，事实是雨后积水已经半月，理由是影响出行" };
		expect(matterSimilarity(original, again)).toBeGreaterThanOrEqual(sameMatterThreshold);
		expect(isSameMatter(original, again)).toBe(true);
	});

	it("the same title with more content added is the same matter", () => {
		expect(isSameMatter(original, { title: "小区道路积水", content: "上次反映后仍未修复，请求尽快处理。" })).toBe(true);
	});

	it("another matter of the same person is not", () => {
		const other = { title: "工资拖欠", content: "请求：支付工资。事实：某公司拖欠三个月工资。理由：生活困难。" };
		expect(matterSimilarity(original, other)).toBeLessThan(sameMatterThreshold);
		expect(
			isSameMatter(original, {
				title: "小区路灯损坏",
				content: "请求：修复路灯。事实：夜间无照明一月。理由：存在安全隐患。",
			}),
		).toBe(false);
	});
});
