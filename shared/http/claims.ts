/**
 * Staff claims. On AWS the HTTP API's JWT authorizer verifies the token and puts its claims in
 * `requestContext.authorizer.jwt.claims`; the local gateway verifies with the same rules and puts
 * them in the same place, so handlers read claims one way in both homes.
 */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { z } from "zod";

export const roleSchema = z.enum(["intake", "unit", "reviewer", "leader", "admin"]);
export type Role = z.infer<typeof roleSchema>;

export const claimsSchema = z.object({
	sub: z.string().min(1),
	role: roleSchema,
	region: z.string().min(1),
	unit: z.string().optional(),
});
export type Claims = z.infer<typeof claimsSchema>;

export function claimsFromEvent(event: APIGatewayProxyEventV2): Claims | undefined {
	const raw = (event.requestContext as { authorizer?: { jwt?: { claims?: Record<string, unknown> } } }).authorizer?.jwt?.claims;
	if (!raw) return undefined;
	// Cognito puts custom attributes under `custom:`; local tokens carry the plain names.
	const r = claimsSchema.safeParse({
		sub: raw.sub ?? raw["cognito:username"],
		role: raw.role ?? raw["custom:role"],
		region: raw.region ?? raw["custom:region"],
		unit: raw.unit ?? raw["custom:unit"],
	});
	return r.success ? r.data : undefined;
}
