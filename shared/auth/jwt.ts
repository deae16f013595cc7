/**
 * Staff token names shared by both homes. On AWS, Cognito issues the tokens and API Gateway's JWT
 * authorizer checks them; locally, local/auth.ts issues and checks them with these same names, so
 * a handler cannot tell which home signed its caller's token.
 */
import * as z from "#shared/zod.ts";
import { findRegion, findUnit } from "#shared/domain/regions.ts";
import { roleSchema } from "#shared/domain/roles.ts";
import type { Claims } from "#shared/http/claims.ts";

/** Issuer and audience of locally issued tokens (on AWS: the user pool URL and the app client id). */
export const LOCAL_ISSUER = "xinfang-local";
export const LOCAL_AUDIENCE = "xinfang";
/** ES256: small keys, and the algorithm family Cognito-style JWKS verifiers all accept. */
export const SIGNING_ALGORITHM = "ES256";
/** A working day and then some: a token outlives a shift, not a week. */
export const TOKEN_LIFETIME_SECONDS = 12 * 3600;

/** POST /local/token: who the token is for. A unit must exist in the region; the unit role needs one. */
export const tokenRequestSchema = z
	.strictObject({
		user: z.string().check(z.trim(), z.minLength(1, "请填写用户"), z.maxLength(64)),
		role: roleSchema,
		region: z.string().check(z.refine((code) => findRegion(code) !== undefined, "未知的行政区划代码")),
		unit: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
	})
	.check(
		z.superRefine((req, ctx) => {
			if (req.unit === undefined) {
				if (req.role === "unit")
					ctx.addIssue({ code: "custom", path: ["unit"], message: "责任单位角色须指定单位（unit）" });
				return;
			}
			const unit = findUnit(req.unit);
			if (!unit) ctx.addIssue({ code: "custom", path: ["unit"], message: "未知的责任单位" });
			else if (unit.region !== req.region)
				ctx.addIssue({ code: "custom", path: ["unit"], message: "该单位不属于所填行政区划" });
		}),
	);
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

/** The claim set of a staff token, in the plain names handlers read. */
export function staffClaims(req: TokenRequest): Claims {
	return { sub: req.user, role: req.role, region: req.region, ...(req.unit ? { unit: req.unit } : {}) };
}
