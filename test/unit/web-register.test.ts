import { describe, expect, it } from "vitest";
import { registrationSchema } from "#shared/domain/petition.ts";
import {
	buildRegistrationBody,
	localInputValue,
	receiptLines,
	receivedAtFromLocal,
	registrationFieldOf,
} from "../../web/js/register-model.js";

const values = {
	channel: "visit",
	receivedAt: "2026-11-30T09:05",
	name: "王五",
	idNumber: "11010519491231002x",
	phone: "13900139000",
	region: "431127",
	title: "征地补偿款未发放",
	content: "请求发放补偿款",
	persons: "12",
	public: "no",
};
const rep = (name: string, idNumber: string, phone = "") => ({ name, idNumber, phone });

describe("登记 form → POST /v1/cases", () => {
	it("reads 收到时间 as China time", () => {
		expect(receivedAtFromLocal("2026-11-30T09:05")).toBe("2026-11-30T09:05:00+08:00");
		expect(receivedAtFromLocal("")).toBe("");
		expect(receivedAtFromLocal("30/11/2026")).toBe("");
		expect(localInputValue(Date.parse("2026-11-30T01:05:30Z"))).toBe("2026-11-30T09:05");
	});

	it("builds a body the server's registration schema accepts, representatives included", () => {
		const body = buildRegistrationBody(values, [
			rep("赵六", "431127198001010028"),
			rep(" 钱七 ", "43112719800101001x", "13700137000"),
		]);
		expect(body).toMatchObject({
			channel: "visit",
			receivedAt: "2026-11-30T09:05:00+08:00",
			persons: 12,
			representatives: [
				{ name: "赵六", idNumber: "431127198001010028" },
				{ name: "钱七", idNumber: "43112719800101001X", phone: "13700137000" },
			],
		});
		expect(body.representatives?.[0]).not.toHaveProperty("phone");
		expect(registrationSchema.safeParse(body).success).toBe(true);
		expect(buildRegistrationBody(values)).not.toHaveProperty("representatives");
	});

	it("refuses more than 5 representatives with the petitioner, and fewer persons than representatives (R20)", () => {
		const five = [
			"431127198001010028",
			"43112719800101001X",
			"110105194912310038",
			"110105194912310046",
			"11010519491231002X",
		];
		const tooMany = registrationSchema.safeParse(
			buildRegistrationBody(
				values,
				five
					.slice(0, 4)
					.concat("43112719800101001X")
					.map((id, i) => rep(`代表${i}`, id)),
			),
		);
		expect(tooMany.success).toBe(false);
		const few = registrationSchema.safeParse(
			buildRegistrationBody({ ...values, persons: "2" }, [rep("赵六", five[0]!), rep("钱七", five[1]!)]),
		);
		expect(few.error?.issues.map((i) => i.path.join("."))).toEqual(["persons"]);
		const dup = registrationSchema.safeParse(
			buildRegistrationBody(values, [rep("赵六", five[0]!), rep("钱七", five[0]!)]),
		);
		expect(dup.error?.issues.map((i) => i.path.join("."))).toEqual(["representatives.1.idNumber"]);
	});

	it("points server issues at the form's fields", () => {
		expect(registrationFieldOf("representatives.2.idNumber")).toBe("rep-2-idNumber");
		expect(registrationFieldOf("petitioner.phone")).toBe("phone");
		expect(registrationFieldOf("receivedAt")).toBe("receivedAt");
		expect(registrationFieldOf("somethingElse")).toBe("");
	});

	it("prints the case number, query code and the acceptance deadline on the receipt", () => {
		const body = buildRegistrationBody(values, [rep("赵六", "431127198001010028")]);
		const lines = receiptLines(
			{ caseId: "XF431127-2026-ABCDEFGH", queryCode: "0123456789", dueAt: "2026-12-15T15:59:59.999Z" },
			body,
		);
		expect(lines).toContainEqual(["案件编号", "XF431127-2026-ABCDEFGH"]);
		expect(lines).toContainEqual(["查询码", "0123456789"]);
		expect(lines).toContainEqual(["涉及人数", "12 人（代表 2 人）"]);
		expect(lines).toContainEqual(["受理决定期限", "2026-12-15 前告知是否受理（条例第二十二条）"]);
	});
});
