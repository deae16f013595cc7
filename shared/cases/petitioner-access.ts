/**
 * The petitioner's key to a case: case id + query code. A wrong code answers exactly like a missing
 * case, takes the same time (constant-time compare, also against a dummy hash), and repeated failures
 * from one address are refused for a while (429).
 */
import { GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { documentClient, tableName } from "#shared/aws/clients.ts";
import type { CaseStore } from "#shared/cases/store.ts";
import type { Case } from "#shared/domain/case.ts";
import { QueryCodeLocked, QueryCodeRejected } from "#shared/domain/errors.ts";
import { queryCodeMatches } from "#shared/domain/ids.ts";
import { countersTable } from "#shared/specs/tables.ts";
import { nowMs } from "#shared/time.ts";

export const accessLimit = { failures: 20, windowSeconds: 600 } as const;

const DUMMY_HASH = "0".repeat(64);

function bucketKey(ip: string, now: number) {
	const window = Math.floor(now / 1000 / accessLimit.windowSeconds);
	return { pk: `RATE#query-code#${ip}`, sk: String(window) };
}

async function failuresSoFar(ip: string, now: number): Promise<number> {
	const out = await documentClient().send(new GetCommand({ TableName: tableName(countersTable), Key: bucketKey(ip, now) }));
	return Number(out.Item?.n ?? 0);
}

async function recordFailure(ip: string, now: number): Promise<void> {
	try {
		await documentClient().send(
			new UpdateCommand({
				TableName: tableName(countersTable),
				Key: bucketKey(ip, now),
				UpdateExpression: "ADD n :one SET expiresAt = if_not_exists(expiresAt, :exp)",
				ConditionExpression: "attribute_not_exists(n) OR n < :max",
				ExpressionAttributeValues: { ":one": 1, ":max": accessLimit.failures, ":exp": Math.floor(now / 1000) + 2 * accessLimit.windowSeconds },
			}),
		);
	} catch (err) {
		if (!(err instanceof ConditionalCheckFailedException)) throw err;
	}
}

export async function caseForPetitioner(store: CaseStore, caseId: string, code: string, ip: string): Promise<Case> {
	const now = nowMs();
	if ((await failuresSoFar(ip, now)) >= accessLimit.failures) throw new QueryCodeLocked(accessLimit.windowSeconds);
	const kase = await store.get(caseId.trim().toUpperCase());
	const ok = queryCodeMatches(kase?.caseId ?? caseId, code, kase?.queryCodeHash ?? DUMMY_HASH) && kase !== undefined;
	if (!ok) {
		await recordFailure(ip, now);
		throw new QueryCodeRejected();
	}
	return kase;
}
