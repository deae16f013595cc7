/** What a petitioner submits (R19; the online form of domain.md), as zod schemas. */
import * as z from "#shared/zod.ts";
import { isValidMobile, isValidResidentId } from "#shared/domain/identity.ts";
import { textLimits } from "#shared/domain/limits.ts";
import { isCounty } from "#shared/domain/regions.ts";
import { lineText, longText } from "#shared/domain/text.ts";

export const channelSchema = z.enum(["letter", "visit", "online"]); // 来信 · 来访 · 网信
export type Channel = z.infer<typeof channelSchema>;

export const categorySchema = z.enum(["suggestion", "complaint", "appeal"]); // 建议意见 · 检举控告 · 申诉求决
export type Category = z.infer<typeof categorySchema>;

export const petitionerSchema = z.strictObject({
	name: lineText(textLimits.name, "请填写姓名", `姓名不能超过 ${textLimits.name} 字`),
	idNumber: z
		.pipe(
			z.string().check(z.trim()),
			z.transform((s) => s.toUpperCase()),
		)
		.check(z.refine(isValidResidentId, "居民身份证号码无效（18位，校验码不符）")),
	phone: z.string().check(z.trim(), z.refine(isValidMobile, "手机号码无效（11位，以13–19开头）")),
	address: z.optional(lineText(textLimits.address, undefined, `住址不能超过 ${textLimits.address} 字`)),
});
export type Petitioner = z.infer<typeof petitionerSchema>;

const countyCodeSchema = z.string().check(z.refine(isCounty, "问题属地须为本市的县级行政区划代码"));

export const petitionSchema = z.strictObject({
	petitioner: petitionerSchema,
	region: countyCodeSchema,
	category: z.optional(categorySchema),
	title: lineText(textLimits.title, "请填写标题", `标题不能超过 ${textLimits.title} 字`),
	content: longText(
		textLimits.content,
		"请填写信访内容（请求、事实和理由）",
		`信访内容不能超过 ${textLimits.content} 字`,
	),
	persons: z.optional(z.number().check(z.int(), z.gte(1), z.lte(10_000))),
	public: z.optional(z.boolean()),
});
export type Petition = z.infer<typeof petitionSchema>;

/** One elected representative of a group petition (R20). */
export const representativeSchema = z.strictObject({
	name: petitionerSchema.shape.name,
	idNumber: petitionerSchema.shape.idNumber,
	phone: z.optional(petitionerSchema.shape.phone),
});
export type Representative = z.infer<typeof representativeSchema>;

/** R20: a group elects at most 5 representatives; the petitioner is the first of them. */
export const maxRepresentatives = 5;

/** A letter or visit registered by intake staff (R21): the petition plus how and when it came. */
export const registrationSchema = z
	.strictObject({
		...petitionSchema.shape,
		channel: z.enum(["letter", "visit"]),
		receivedAt: z.iso.datetime({ offset: true }),
		/** The group's other representatives besides the petitioner (with the petitioner at most 5, R20). */
		representatives: z.optional(
			z
				.array(representativeSchema)
				.check(z.maxLength(maxRepresentatives - 1, `代表不超过 ${maxRepresentatives} 人（含信访人，条例第二十条）`)),
		),
	})
	.check(
		z.superRefine((r, ctx) => {
			const reps = r.representatives?.length ?? 0;
			if (reps > 0 && (r.persons ?? 1) < reps + 1)
				ctx.addIssue({
					code: "custom",
					path: ["persons"],
					message: `涉及人数不能少于代表人数（${reps + 1} 人，含信访人）`,
				});
			const ids = [r.petitioner.idNumber, ...(r.representatives ?? []).map((p) => p.idNumber)];
			const dup = ids.findIndex((id, i) => ids.indexOf(id) !== i);
			if (dup > 0)
				ctx.addIssue({
					code: "custom",
					path: ["representatives", dup - 1, "idNumber"],
					message: "代表的身份证号码重复",
				});
		}),
	);
export type Registration = z.infer<typeof registrationSchema>;
