/** What a petitioner submits (R19; the online form of domain.md), as zod schemas. */
import { z } from "zod";
import { isValidMobile, isValidResidentId } from "#shared/domain/identity.ts";
import { textLimits } from "#shared/domain/limits.ts";
import { isCounty } from "#shared/domain/regions.ts";
import { lineText, longText } from "#shared/domain/text.ts";

export const channelSchema = z.enum(["letter", "visit", "online"]); // 来信 · 来访 · 网信
export type Channel = z.infer<typeof channelSchema>;

export const categorySchema = z.enum(["suggestion", "complaint", "appeal"]); // 建议意见 · 检举控告 · 申诉求决
export type Category = z.infer<typeof categorySchema>;

export const petitionerSchema = z
	.object({
		name: lineText(textLimits.name, "请填写姓名", `姓名不能超过 ${textLimits.name} 字`),
		idNumber: z
			.string()
			.trim()
			.transform((s) => s.toUpperCase())
			.refine(isValidResidentId, "居民身份证号码无效（18位，校验码不符）"),
		phone: z.string().trim().refine(isValidMobile, "手机号码无效（11位，以13–19开头）"),
		address: lineText(textLimits.address, undefined, `住址不能超过 ${textLimits.address} 字`).optional(),
	})
	.strict();
export type Petitioner = z.infer<typeof petitionerSchema>;

export const countyCodeSchema = z.string().refine(isCounty, "问题属地须为本市的县级行政区划代码");

export const petitionSchema = z
	.object({
		petitioner: petitionerSchema,
		region: countyCodeSchema,
		category: categorySchema.optional(),
		title: lineText(textLimits.title, "请填写标题", `标题不能超过 ${textLimits.title} 字`),
		content: longText(textLimits.content, "请填写信访内容（请求、事实和理由）", `信访内容不能超过 ${textLimits.content} 字`),
		persons: z.number().int().min(1).max(10_000).optional(),
		public: z.boolean().optional(),
	})
	.strict();
export type Petition = z.infer<typeof petitionSchema>;

/** A letter or visit registered by intake staff (R21): the petition plus how and when it came. */
export const registrationSchema = petitionSchema
	.extend({
		channel: z.enum(["letter", "visit"]),
		receivedAt: z.iso.datetime({ offset: true }),
	})
	.strict();
export type Registration = z.infer<typeof registrationSchema>;
