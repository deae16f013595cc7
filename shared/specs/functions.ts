/**
 * The function registry: every Lambda function, its handler module and the tables it may touch.
 * CDK builds one NodejsFunction per entry; the local gateway and engine import the same modules.
 */
import type { TableSpec } from "#shared/specs/tables.ts";
import { casesTable, idempotencyTable } from "#shared/specs/tables.ts";

export type TableAccess = "read" | "readwrite";

export interface FunctionSpec {
	/** Module path from the project root; it exports `handler`. */
	readonly module: string;
	readonly description: string;
	readonly tables: readonly { readonly table: TableSpec; readonly access: TableAccess }[];
	readonly timeoutSeconds?: number;
	readonly memoryMb?: number;
	/** The function calls Step Functions (start executions, send task results). */
	readonly stepFunctions?: boolean;
}

export const functions = {
	submitPetition: {
		module: "functions/api/submit-petition.ts",
		description: "POST /v1/petitions: online submission",
		tables: [
			{ table: casesTable, access: "readwrite" },
			{ table: idempotencyTable, access: "readwrite" },
		],
	},
	getPetition: {
		module: "functions/api/get-petition.ts",
		description: "GET /v1/petitions/{caseId}: tracking by case id and query code",
		tables: [{ table: casesTable, access: "read" }],
	},
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof functions;

export const functionNames = Object.keys(functions) as FunctionName[];
