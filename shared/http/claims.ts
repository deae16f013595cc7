/**
 * Staff claims. On AWS the HTTP API's JWT authorizer verifies the token and puts its claims in
 * `requestContext.authorizer.jwt.claims`; the local gateway verifies with the same rules and puts
 * them in the same place, so handlers read claims one way in both homes.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import * as z from "#shared/zod.ts";
import { roleSchema } from "#shared/domain/roles.ts";

const claimsSchema = z.object({
	sub: z.string().check(z.minLength(1)),
	role: roleSchema,
	region: z.string().check(z.minLength(1)),
	unit: z.optional(z.string()),
});
export type Claims = z.infer<typeof claimsSchema>;

/**
 * Claim names: local tokens carry the plain names, Cognito puts custom attributes under `custom:`.
 * The role has no attribute on Cognito: it is the user's group (one group per role, created by the
 * stack; only administrators can change membership), read from `cognito:groups`.
 */
const claimNames = {
	sub: ["sub", "cognito:username"],
	role: ["role"],
	region: ["region", "custom:region"],
	unit: ["unit", "custom:unit"],
} as const;

/**
 * `cognito:groups` as a list: a JSON array in a decoded token, and the HTTP API's JWT authorizer's
 * flattened form `[intake other]` in `requestContext.authorizer.jwt.claims`.
 */
function groupsOf(value: unknown): string[] {
	if (Array.isArray(value)) return value.filter((g): g is string => typeof g === "string");
	if (typeof value !== "string") return [];
	const inner = value.trim().replace(/^\[/, "").replace(/\]$/, "");
	return inner
		.split(/[\s,]+/)
		.map((g) => g.replace(/^"|"$/g, ""))
		.filter(Boolean);
}

/** The role a Cognito user's groups give: exactly one role group, else none (no access). */
export function roleFromGroups(value: unknown): string | undefined {
	const roles = groupsOf(value).filter((g) => roleSchema.safeParse(g).success);
	return roles.length === 1 ? roles[0] : undefined;
}

/** The staff claims in a verified token payload, whichever home issued it; undefined when incomplete. */
export function claimsFromPayload(payload: Record<string, unknown>): Claims | undefined {
	const pick = (names: readonly string[]) => names.map((n) => payload[n]).find((v) => v !== undefined && v !== "");
	const r = claimsSchema.safeParse({
		sub: pick(claimNames.sub),
		role: pick(claimNames.role) ?? roleFromGroups(payload["cognito:groups"]),
		region: pick(claimNames.region),
		unit: pick(claimNames.unit),
	});
	return r.success ? r.data : undefined;
}

export function claimsFromEvent(event: APIGatewayProxyEventV2): Claims | undefined {
	const raw = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer?.jwt
		?.claims;
	return raw ? claimsFromPayload(raw) : undefined;
}
