/** One logger for every function (Powertools: JSON lines, CloudWatch Logs on AWS). */
import { Logger } from "@aws-lambda-powertools/logger";

export const logger = new Logger({ serviceName: "xinfang", logLevel: (process.env.LOG_LEVEL as "INFO" | undefined) ?? "WARN" });
