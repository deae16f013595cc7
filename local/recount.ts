/**
 * `npm run recount -- --region 431127 --year 2024 [--endpoint URL] [--prefix P] [--lookback N]`:
 * recounts a region's year from the case records and compares with the counters of a running local
 * system (its DynamoDB Local endpoint is printed by `npm start`; default http://127.0.0.1:8000).
 * Exits 1 when they differ. Run it when the stream poller has caught up (a write in flight shows as
 * a difference).
 */
import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { findRegion } from "#shared/domain/regions.ts";
import { casesTable, countersTable } from "#shared/specs/tables.ts";
import { recount } from "#shared/stats/recount.ts";

const { values } = parseArgs({
	options: {
		region: { type: "string" },
		year: { type: "string" },
		endpoint: { type: "string", default: process.env.AWS_ENDPOINT_URL_DYNAMODB ?? "http://127.0.0.1:8000" },
		prefix: { type: "string", default: "" },
		lookback: { type: "string", default: "1" },
	},
});

const region = values.region ?? "";
const year = Number(values.year);
if (!findRegion(region) || !Number.isInteger(year)) {
	console.error("usage: npm run recount -- --region <code> --year <YYYY> [--endpoint URL] [--prefix P] [--lookback N]");
	process.exit(2);
}

const client = new DynamoDBClient({
	endpoint: values.endpoint,
	region: process.env.AWS_REGION ?? "local",
	credentials: {
		accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "local",
		secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "local",
	},
});
const doc = DynamoDBDocumentClient.from(client);
const result = await recount(
	doc,
	{ cases: `${values.prefix}${casesTable.localName}`, counters: `${values.prefix}${countersTable.localName}` },
	{ region, year, lookbackYears: Number(values.lookback) },
);
client.destroy();

const yearly = result.counted[`${region}#${year}`] ?? {};
console.log(`recount ${region} ${year}: ${result.cases} cases, ${result.events} events`);
for (const name of ["received", "decided", "transferred", "transferReturned", "replied", "reviews", "evaluated"])
	console.log(`  ${name.padEnd(18)} ${yearly[name] ?? 0}`);
if (result.differences.length === 0) {
	console.log("counters equal the recount");
} else {
	console.log(`${result.differences.length} counters differ (counter: recounted / stored):`);
	for (const d of result.differences) console.log(`  ${d.pk} ${d.sk}: ${d.counted} / ${d.stored}`);
	process.exitCode = 1;
}
