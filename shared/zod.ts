/**
 * zod for every schema of the system: the `zod/mini` API (functions instead of methods, so a bundle
 * carries only the schema types and checks it uses) with zod's English messages, configured here once.
 * Classic zod (`import * as z from "zod"`) costs ~66 KB more per Lambda bundle for the same schemas:
 * its methods (and with them JSON-schema output, every check) ride on every schema. One definition per
 * schema: the handlers validate with it, `z.infer` types it, and the OpenAPI document is generated
 * from it (`z.toJSONSchema`, the same core as classic's). Import as `import * as z from "#shared/zod.ts"`.
 */
import { en } from "zod/locales";
import { config } from "zod/mini";

config(en());

export * from "zod/mini";
