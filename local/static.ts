/**
 * The web pages of the local home (web/): plain files served as they are, GET and HEAD only.
 * Mounted at `/web`; the root `/` redirects there. A path is decoded segment by segment and any
 * segment that could climb (`..`, an encoded slash or backslash, a NUL) is refused before the file
 * system is asked; the resolved path must still lie inside web/, and so must its real path (symlinks).
 */
import { readFile, realpath, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { AppError, NotFoundError } from "#shared/http/errors.ts";
import { projectRoot } from "#local/functions.ts";
import type { LocalHandler } from "#local/gateway.ts";
import { webVendor } from "#shared/specs/web-vendor.ts";

const webRoot = join(projectRoot, "web");

const contentTypes: Record<string, string> = {
	".html": "text/html; charset=utf-8",
	".css": "text/css; charset=utf-8",
	".js": "text/javascript; charset=utf-8",
	".json": "application/json; charset=utf-8",
	".svg": "image/svg+xml",
	".png": "image/png",
	".ico": "image/x-icon",
	".txt": "text/plain; charset=utf-8",
};

/** Same-origin only: the pages call the API on the host that served them and load nothing else. */
const securityHeaders = {
	"x-content-type-options": "nosniff",
	"referrer-policy": "no-referrer",
	"content-security-policy":
		"default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

const notFound = () => new NotFoundError("没有这个页面");

function methodNotAllowed(): AppError {
	return new AppError(405, "METHOD_NOT_ALLOWED", "此地址只接受 GET, HEAD 请求", { allowed: ["GET", "HEAD"] });
}

/** The file under `root` a request path (below the mount) names, or undefined when it may not be served. */
export function resolveWebPath(root: string, rawPath: string): string | undefined {
	const segments: string[] = [];
	for (const raw of rawPath.split("/")) {
		if (raw === "") continue;
		let segment: string;
		try {
			segment = decodeURIComponent(raw);
		} catch {
			return undefined;
		}
		if (segment === "." || segment === ".." || /[/\\\0]/.test(segment) || segment.startsWith(".")) return undefined;
		segments.push(segment);
	}
	if (rawPath === "" || rawPath.endsWith("/")) segments.push("index.html");
	const base = resolve(root);
	const file = resolve(base, ...segments);
	return file.startsWith(base + sep) ? file : undefined;
}

/** Serves `root` under the path `mount` (e.g. `/web`). */
export function staticFiles(mount: string, root = webRoot): LocalHandler {
	return async (req, res) => {
		if (req.method !== "GET" && req.method !== "HEAD") throw methodNotAllowed();
		const url = new URL(req.url ?? "/", "http://local");
		// `/web` itself: send the browser to `/web/` so relative links resolve inside the folder.
		if (url.pathname === mount) {
			res.writeHead(301, { location: `${mount}/${url.search}`, "content-length": 0 });
			res.end();
			return;
		}
		const rawPath = url.pathname.slice(mount.length);
		// A vendored file (web/vendor/…) comes from its npm package, by an exact entry of a fixed map.
		const vendored = webVendor[rawPath.replace(/^\//, "")];
		const file = vendored ? join(projectRoot, "node_modules", vendored) : resolveWebPath(root, rawPath);
		if (!file) throw notFound();
		let body: Buffer;
		try {
			const real = vendored ? file : await realpath(file);
			if ((!vendored && !real.startsWith((await realpath(root)) + sep)) || !(await stat(real)).isFile())
				throw notFound();
			body = await readFile(real);
		} catch {
			throw notFound();
		}
		res.writeHead(200, {
			"content-type": contentTypes[extname(file).toLowerCase()] ?? "application/octet-stream",
			"content-length": body.length,
			"cache-control": "no-cache",
			...securityHeaders,
		});
		res.end(req.method === "HEAD" ? undefined : body);
	};
}

/** `GET /` → `/web/` (the gateway matches a `/` mount on the root path only). */
export function redirectTo(location: string): LocalHandler {
	return (req, res) => {
		if (req.method !== "GET" && req.method !== "HEAD") throw methodNotAllowed();
		res.writeHead(302, { location, "content-length": 0 });
		res.end();
	};
}
