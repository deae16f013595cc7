import { describe, expect, it } from "vitest";
import { isValidResidentId, residentIdCheckChar } from "#shared/domain/identity.ts";
import { petitionSchema } from "#shared/domain/petition.ts";
import { idempotencyKeySchema } from "#shared/cases/idempotency-key.ts";
import { checkResidentId, isValidMobile, residentIdCheckChar as webCheckChar } from "../../web/js/identity.js";
import {
	buildPetitionBody,
	fieldOfIssue,
	newIdempotencyKey,
	retryDelayMs,
	SUBMIT_ATTEMPTS,
} from "../../web/js/petition-form.js";

/** What FormData gives for a filled form: strings only, untrimmed as typed. */
const filledForm = {
	name: " 张三 ",
	idNumber: "11010519491231002x",
	phone: "13800138000",
	address: "蓝山县塔峰镇",
	region: "431127",
	category: "appeal",
	title: "小区道路积水",
	content: "请求：修复排水。\n事实：雨后积水半月。\n理由：影响出行。",
	persons: "3",
	public: "no",
};

describe("the petition form's body builder", () => {
	it("when the form is filled, builds a body that petitionSchema accepts unchanged", () => {
		const body = buildPetitionBody(filledForm);

		const parsed = petitionSchema.safeParse(body);

		expect(parsed.success).toBe(true);
		expect(parsed.data).toEqual(body);
		expect(body).toEqual({
			petitioner: { name: "张三", idNumber: "11010519491231002X", phone: "13800138000", address: "蓝山县塔峰镇" },
			region: "431127",
			category: "appeal",
			title: "小区道路积水",
			content: "请求：修复排水。\n事实：雨后积水半月。\n理由：影响出行。",
			persons: 3,
			public: false,
		});
	});

	it("when optional fields are left empty, leaves them out so the strict schema still accepts the body", () => {
		const body = buildPetitionBody({ ...filledForm, address: "  ", category: "", persons: "", public: "" });

		expect(body).not.toHaveProperty("category");
		expect(body).not.toHaveProperty("persons");
		expect(body).not.toHaveProperty("public");
		expect(body.petitioner).not.toHaveProperty("address");
		expect(petitionSchema.safeParse(body).success).toBe(true);
	});

	it("when the petitioner agrees to publication, sends public: true", () => {
		expect(buildPetitionBody({ ...filledForm, public: "yes" }).public).toBe(true);
	});

	it("maps the API's issue paths to the form's fields", () => {
		expect(fieldOfIssue("petitioner.idNumber")).toBe("idNumber");
		expect(fieldOfIssue("petitioner.phone")).toBe("phone");
		expect(fieldOfIssue("region")).toBe("region");
		expect(fieldOfIssue("content")).toBe("content");
		expect(fieldOfIssue("")).toBe("");
		expect(fieldOfIssue("petitioner")).toBe("");
	});

	it("makes a new Idempotency-Key per form fill that the API accepts", () => {
		const a = newIdempotencyKey();
		const b = newIdempotencyKey();

		expect(a).not.toBe(b);
		expect(idempotencyKeySchema.safeParse(a).success).toBe(true);
		expect(newIdempotencyKey({ randomUUID: () => "fixed" })).toBe("petition-fixed");
	});
});

describe("the inline resident ID check (GB 11643)", () => {
	const samples = [
		"11010519491231002X",
		"110105194912310021",
		"430000199001011234",
		"43112719900307001X",
		"431127199002300013",
		"abc",
		"4311271990",
	];

	it("agrees with the server's rule on every sample", () => {
		for (const id of samples) expect(checkResidentId(id).ok, id).toBe(isValidResidentId(id));
	});

	it("computes the same check character as the server", () => {
		for (const first17 of ["11010519491231002", "43112719900307001", "43000019900101123"])
			expect(webCheckChar(first17)).toBe(residentIdCheckChar(first17));
	});

	it("says which part is wrong", () => {
		expect(checkResidentId("")).toMatchObject({ ok: false, empty: true });
		expect(checkResidentId("4311271990").message).toContain("18位");
		expect(checkResidentId("43112719900230001X").message).toContain("出生日期");
		expect(checkResidentId("110105194912310021").message).toContain("应为 X");
		expect(checkResidentId("11010519491231002x")).toMatchObject({ ok: true });
	});

	it("accepts mainland mobile numbers only", () => {
		expect(isValidMobile("13800138000")).toBe(true);
		expect(isValidMobile("12800138000")).toBe(false);
		expect(isValidMobile("1380013800")).toBe(false);
	});
});

describe("retrying a submission the server shed", () => {
	const half = () => 0.5;
	it("waits the Retry-After of a 503, with jitter, and backs off without one", () => {
		expect(retryDelayMs({ status: 503, retryAfter: "2" }, 1, half)).toBe(2500);
		expect(retryDelayMs({ status: 503 }, 1, half)).toBe(625);
		expect(retryDelayMs({ status: 503 }, 3, half)).toBe(2500);
		expect(retryDelayMs({ status: 0 }, 2, () => 0)).toBe(1000);
		expect(retryDelayMs({ status: 503, retryAfter: "600" }, 1, () => 0)).toBe(10_000);
	});
	it("retries while the same key is in progress, not on 429 or a refusal, and gives up after the last attempt", () => {
		expect(
			retryDelayMs({ status: 409, body: { error: { code: "IDEMPOTENCY_IN_PROGRESS" } } }, 1, half),
		).toBeGreaterThan(0);
		expect(retryDelayMs({ status: 409, body: { error: { code: "STEP_ALREADY_DONE" } } }, 1)).toBeUndefined();
		expect(retryDelayMs({ status: 429, retryAfter: "30" }, 1)).toBeUndefined();
		expect(retryDelayMs({ status: 400 }, 1)).toBeUndefined();
		expect(retryDelayMs({ status: 201 }, 1)).toBeUndefined();
		expect(retryDelayMs({ status: 503 }, SUBMIT_ATTEMPTS)).toBeUndefined();
	});
});
