/** Listening and closing, one way for every local HTTP server (the gateway, the engine's API server). */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Listening {
	/** Where a client on this machine reaches the server. */
	readonly url: string;
	readonly port: number;
	/** Stops accepting, drops open (keep-alive) connections, resolves once the server is closed. */
	close(): Promise<void>;
}

/** Starts `server` on `host:port` (`port: 0` picks a free one); rejects when the port cannot be bound. */
export async function listen(server: Server, port: number, host: string): Promise<Listening> {
	await new Promise<void>((resolve, reject) => {
		server.once("error", reject);
		server.listen(port, host, () => resolve());
	});
	const bound = (server.address() as AddressInfo).port;
	const reachable = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
	return {
		url: `http://${reachable}:${bound}`,
		port: bound,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
