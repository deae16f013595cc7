/** One logger and one metrics namespace for every function (Powertools; EMF on AWS). */
import { Logger } from "@aws-lambda-powertools/logger";

export const logger = new Logger({ serviceName: "xinfang", logLevel: (process.env.LOG_LEVEL as "INFO" | undefined) ?? "WARN" });
