/**
 * The first check of every staff handler. On AWS the JWT authorizer only proves who the caller is;
 * whether the role may do this at all is decided here, from the policy table, in both homes.
 */
import { type Permission, scopeOf } from "#shared/auth/policy.ts";
import type { Claims } from "#shared/http/claims.ts";
import { ForbiddenError, UnauthorizedError } from "#shared/http/errors.ts";

/** The caller's claims when their role holds `permission` in some scope; 401 without claims, 403 without the permission. */
export function requirePermission(claims: Claims | undefined, permission: Permission): Claims {
	if (!claims) throw new UnauthorizedError();
	if (!scopeOf(claims.role, permission)) throw new ForbiddenError();
	return claims;
}
