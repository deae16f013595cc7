/** The staff roles (docs/roles.md); what each may do is shared/auth/policy.ts. */
import * as z from "#shared/zod.ts";

export const roleSchema = z.enum(["intake", "unit", "reviewer", "leader", "admin"]);
export type Role = z.infer<typeof roleSchema>;
