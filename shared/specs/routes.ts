/**
 * The route table: every HTTP route of the public API, its function and who may call it.
 * CDK builds the HTTP API routes from it, the local gateway serves it, the OpenAPI document lists it.
 * Finer checks (which action, which unit or region) live in shared/auth/policy.ts.
 */
import type { Role } from "#shared/domain/roles.ts";
import type { FunctionName } from "#shared/specs/functions.ts";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteSpec {
	readonly method: HttpMethod;
	/** API Gateway path template, e.g. `/v1/petitions/{caseId}`. */
	readonly path: string;
	readonly function: FunctionName;
	/** "public" needs no token; otherwise the roles whose JWT may call it. */
	readonly auth: "public" | readonly Role[];
	readonly summary: string;
	/**
	 * A route's own throttle on AWS (requests per second, burst), below the stage's: the public POST
	 * routes get one so that a flood of submissions cannot use up the whole API's capacity.
	 */
	readonly throttle?: { readonly ratePerSecond: number; readonly burst: number };
}

/** Each public POST route: at most this many requests per second (bursts up to `burst`) on AWS. */
const publicWrite = { ratePerSecond: 10, burst: 20 } as const;

const staff = ["intake", "unit", "reviewer", "leader", "admin"] as const;

export const routes: readonly RouteSpec[] = [
	// Petitioner (no account: case id + query code)
	{
		method: "POST",
		path: "/v1/petitions",
		function: "submitPetition",
		auth: "public",
		summary: "网上信访提交",
		throttle: publicWrite,
	},
	{
		method: "GET",
		path: "/v1/petitions/{caseId}",
		function: "getPetition",
		auth: "public",
		summary: "凭查询码查询办理进度",
	},
	{
		method: "POST",
		path: "/v1/petitions/{caseId}/review-requests",
		function: "requestReview",
		auth: "public",
		summary: "申请复查或复核",
		throttle: publicWrite,
	},
	{
		method: "POST",
		path: "/v1/petitions/{caseId}/evaluations",
		function: "evaluateCase",
		auth: "public",
		summary: "满意度评价",
		throttle: publicWrite,
	},
	{
		method: "POST",
		path: "/v1/petitions/{caseId}/evidence",
		function: "addEvidence",
		auth: "public",
		summary: "上传证据材料：申请上传地址（PDF/JPEG/PNG，每个 ≤ 10 MB，最多 5 个）",
		throttle: publicWrite,
	},
	{
		method: "POST",
		path: "/v1/petitions/{caseId}/evidence/{evidenceId}/complete",
		function: "completeEvidence",
		auth: "public",
		summary: "上传证据材料：确认上传（核验文件类型和大小）",
		throttle: publicWrite,
	},
	// Staff
	{ method: "POST", path: "/v1/cases", function: "registerCase", auth: ["intake", "admin"], summary: "登记来信、来访" },
	{ method: "GET", path: "/v1/cases", function: "listCases", auth: staff, summary: "待办与案件列表" },
	{ method: "GET", path: "/v1/cases/{caseId}", function: "getCase", auth: staff, summary: "案件详情与处理记录" },
	{
		method: "POST",
		path: "/v1/cases/{caseId}/actions",
		function: "actOnCase",
		auth: ["intake", "unit", "reviewer", "admin"],
		summary: "办理操作",
	},
	{ method: "GET", path: "/v1/units", function: "listUnits", auth: staff, summary: "责任单位列表" },
	{
		method: "GET",
		path: "/v1/stats",
		function: "getStats",
		auth: ["leader", "admin"],
		summary: "统计数据（按行政区划、年度或月度）",
	},
	{
		method: "GET",
		path: "/v1/stats/series",
		function: "getStatsSeries",
		auth: ["leader", "admin"],
		summary: "统计月度序列：全年十二个月的指标、同级地区比较、在办案件分布（看板用）",
	},
	{
		method: "GET",
		path: "/v1/reports/annual",
		function: "getAnnualReport",
		auth: ["leader", "admin"],
		summary: "年度信访工作情况报告（Markdown，或 format=docx 的 Word 文档）",
	},
	{ method: "GET", path: "/openapi.json", function: "getOpenApi", auth: "public", summary: "OpenAPI 3.1 接口文档" },
];
