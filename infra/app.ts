/**
 * CDK entry (`cdk.json` runs it with tsx). Environment-agnostic unless the CLI knows an account and
 * region, so `cdk synth` needs no credentials and no network; nothing here looks anything up.
 */
import { App } from "aws-cdk-lib";
import { buildStacks } from "./stacks.ts";

const app = new App();
const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
buildStacks(app, undefined, account && region ? { account, region } : undefined);
app.synth();
