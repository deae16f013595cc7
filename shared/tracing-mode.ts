/**
 * Imported before the Powertools Tracer (shared/tracing.ts). Outside Lambda (no AWS_EXECUTION_ENV:
 * the local home, tests, benchmarks) the Tracer switches itself off, but merely loading the X-Ray SDK
 * starts its automatic mode: a cls-hooked namespace whose async hooks, with destroy tracking, run for
 * every promise of the process — a tenth of the local home's CPU when it is busy. Manual mode there,
 * where nothing is traced anyway; on Lambda nothing changes.
 */
if (!process.env.AWS_EXECUTION_ENV && process.env.AWS_XRAY_MANUAL_MODE === undefined)
	process.env.AWS_XRAY_MANUAL_MODE = "true";
