/**
 * X-Ray tracing through the Powertools Tracer: a segment per invocation (the HTTP chain in
 * shared/http/handler.ts) and a subsegment per AWS SDK call (shared/aws/clients.ts). Responses are
 * never recorded (they hold petitioner data); errors are, as their class and message only. Outside
 * Lambda (the local home, tests) the Tracer switches itself off and all of this is a no-op.
 */
import "#shared/tracing-mode.ts";
import { Tracer } from "@aws-lambda-powertools/tracer";

export const tracer = new Tracer({ serviceName: "xinfang", captureHTTPsRequests: false });
