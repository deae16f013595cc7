/**
 * Metric events: every state change of a case writes one, in the same transaction as the case (the
 * outbox). The stats aggregator consumes them; their fields are what the KPIs need.
 */
import { z } from "zod";
import { stageSchema } from "#shared/domain/case.ts";
import { categorySchema, channelSchema } from "#shared/domain/petition.ts";

export const actorRoleSchema = z.enum(["petitioner", "intake", "unit", "reviewer", "leader", "admin", "system"]);
export type ActorRole = z.infer<typeof actorRoleSchema>;

export const eventTypeSchema = z.enum(["registered"]);
export type EventType = z.infer<typeof eventTypeSchema>;

export const caseEventSchema = z.object({
	caseId: z.string(),
	seq: z.number().int().min(1),
	type: eventTypeSchema,
	at: z.string(),
	actorRole: actorRoleSchema,
	region: z.string(),
	channel: channelSchema,
	category: categorySchema.optional(),
	stage: stageSchema,
	unit: z.string().optional(),
});
export type CaseEvent = z.infer<typeof caseEventSchema>;
