/** Local-only endpoints mounted on the gateway (never deployed): clock control and adapters. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { AppError, ValidationError } from "#shared/http/errors.ts";
import { advanceMsFromBody, type Clock, isAdvanceable } from "#local/clock.ts";
import { type LocalHandler, sendJson } from "#local/gateway.ts";

/** Gives a stream-reading handler the body the gateway has already read. */
export function streamed(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): LocalHandler {
	return (req, res, body) => {
		const replay = Object.assign(Readable.from([body]), {
			method: req.method,
			headers: req.headers,
			url: req.url,
			socket: req.socket,
		});
		return handler(replay as unknown as IncomingMessage, res);
	};
}

/**
 * POST /local/clock/advance `{ days }` or `{ seconds }` → `{ now }`, once every timer due has fired and
 * the steps they set off have been applied; then, unless the body says `"wait": "steps"`, once
 * `caughtUp` has resolved as well (the local home passes the stream poller's drain: the counters).
 */
export function clockEndpoint(clock: Clock, caughtUp?: () => Promise<void>): LocalHandler {
	return async (req, res, body) => {
		if (req.method !== "POST") throw new AppError(405, "METHOD_NOT_ALLOWED", "此地址只接受 POST 请求");
		if (!isAdvanceable(clock))
			throw new AppError(409, "CLOCK_NOT_VIRTUAL", "时钟为真实时间，只有以 --clock virtual 启动时才能推进");
		let ms: number;
		let wait: unknown;
		try {
			const parsed = JSON.parse(body.toString("utf8") || "{}") as unknown;
			ms = advanceMsFromBody(parsed);
			wait = (parsed as { wait?: unknown }).wait ?? "counters";
			if (wait !== "steps" && wait !== "counters") throw new RangeError('wait must be "steps" or "counters"');
		} catch (err) {
			throw new ValidationError((err as Error).message);
		}
		const now = await clock.advance(ms);
		if (wait === "counters") await caughtUp?.();
		sendJson(res, 200, { now: new Date(now).toISOString() });
	};
}
