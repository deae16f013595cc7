/**
 * Staff tokens on the local home: `POST /local/token` issues them and `authorize` checks them the way
 * API Gateway's JWT authorizer does on AWS (signature, issuer, audience, expiry → 401), then the
 * route's roles (→ 403). The claims it returns are what the gateway puts in
 * requestContext.authorizer.jwt.claims.
 *
 * Token time is the machine's real time, not the system clock: a virtual clock that jumps a year
 * ahead simulates cases, not staff sessions, so it must not expire every token in the test.
 */
import { link, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, jwtVerify, SignJWT } from "jose";
import {
	LOCAL_AUDIENCE,
	LOCAL_ISSUER,
	SIGNING_ALGORITHM,
	staffClaims,
	TOKEN_LIFETIME_SECONDS,
	tokenRequestSchema,
} from "#shared/auth/jwt.ts";
import { claimsFromPayload } from "#shared/http/claims.ts";
import {
	ForbiddenError,
	InvalidJsonError,
	MethodNotAllowedError,
	NotFoundError,
	UnauthorizedError,
	ValidationError,
} from "#shared/http/errors.ts";
import type { RouteSpec } from "#shared/specs/routes.ts";
import { type Authorizer, type LocalHandler, sendJson } from "#local/gateway.ts";

export interface LocalAuthOptions {
	/** Where the signing key is kept (`<dataDir>/auth/`); omitted = a fresh key in memory. */
	dataDir?: string;
	/** Milliseconds since the epoch for issuing and checking tokens (tests move it to expire one). */
	now?: () => number;
}

export interface LocalAuth {
	authorize: Authorizer;
	tokenHandler: LocalHandler;
	/** The public key set, as a JWKS endpoint would serve it. */
	jwks: { keys: JWK[] };
}

type SigningKey = Awaited<ReturnType<typeof importJWK>>;

interface KeyPair {
	privateKey: SigningKey;
	publicKey: SigningKey;
	publicJwk: JWK;
}

async function newPrivateJwk(): Promise<JWK> {
	const { privateKey } = await generateKeyPair(SIGNING_ALGORITHM, { extractable: true });
	const jwk = await exportJWK(privateKey);
	return { ...jwk, alg: SIGNING_ALGORITHM, use: "sig", kid: await calculateJwkThumbprint(jwk) };
}

/** Reads the key of an earlier start, or creates it; tokens issued before a restart stay valid. */
async function loadOrCreateJwk(dataDir: string | undefined): Promise<JWK> {
	if (!dataDir) return newPrivateJwk();
	const dir = join(dataDir, "auth");
	const file = join(dir, "signing-key.json");
	try {
		return JSON.parse(await readFile(file, "utf8")) as JWK;
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
	}
	await mkdir(dir, { recursive: true });
	const jwk = await newPrivateJwk();
	// Written aside then linked into place: a reader never sees half a key, and if two starts race,
	// the one that loses the link reads the winner's key instead of overwriting it.
	const tmp = `${file}.${process.pid}.tmp`;
	await writeFile(tmp, JSON.stringify(jwk), { mode: 0o600 });
	try {
		await link(tmp, file);
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
		return JSON.parse(await readFile(file, "utf8")) as JWK;
	} finally {
		await unlink(tmp);
	}
	return jwk;
}

async function keyPair(dataDir: string | undefined): Promise<KeyPair> {
	const jwk = await loadOrCreateJwk(dataDir);
	const publicJwk: JWK = { ...jwk };
	delete publicJwk.d;
	return {
		privateKey: await importJWK(jwk, SIGNING_ALGORITHM),
		publicKey: await importJWK(publicJwk, SIGNING_ALGORITHM),
		publicJwk,
	};
}

/** API Gateway hands claims to the function as strings (numbers too); do the same locally. */
function asGatewayClaims(payload: Record<string, unknown>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [k, v] of Object.entries(payload)) {
		if (v === undefined || v === null) continue;
		out[k] = Array.isArray(v) ? `[${v.join(" ")}]` : typeof v === "object" ? JSON.stringify(v) : String(v);
	}
	return out;
}

function bearerToken(authorization: string | undefined): string | undefined {
	const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
	return m?.[1];
}

export async function createLocalAuth(options: LocalAuthOptions = {}): Promise<LocalAuth> {
	const keys = await keyPair(options.dataDir);
	const now = options.now ?? Date.now;

	const authorize: Authorizer = async (route: RouteSpec, authorization) => {
		if (route.auth === "public") return undefined;
		const token = bearerToken(authorization);
		if (!token) throw new UnauthorizedError("需要登录：请提供 Authorization: Bearer <token>");
		let payload: Record<string, unknown>;
		try {
			({ payload } = await jwtVerify(token, keys.publicKey, {
				issuer: LOCAL_ISSUER,
				audience: LOCAL_AUDIENCE,
				algorithms: [SIGNING_ALGORITHM],
				currentDate: new Date(now()),
				requiredClaims: ["exp", "sub"],
			}));
		} catch {
			throw new UnauthorizedError("登录凭据无效或已过期");
		}
		const claims = claimsFromPayload(payload);
		if (!claims) throw new UnauthorizedError("登录凭据缺少角色或行政区划");
		if (!route.auth.includes(claims.role)) throw new ForbiddenError();
		return asGatewayClaims(payload);
	};

	const tokenHandler: LocalHandler = async (req, res, body) => {
		const path = new URL(req.url ?? "/", "http://local").pathname;
		if (path !== "/local/token") throw new NotFoundError(`没有这个地址：${path}`);
		if (req.method !== "POST") throw new MethodNotAllowedError(["POST"]);
		let raw: unknown;
		try {
			raw = JSON.parse(body.toString("utf8"));
		} catch {
			throw new InvalidJsonError();
		}
		const parsed = tokenRequestSchema.safeParse(raw);
		if (!parsed.success)
			throw new ValidationError("body 校验未通过", {
				in: "body",
				issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message, code: i.code })),
			});
		const { sub, ...rest } = staffClaims(parsed.data);
		const iat = Math.floor(now() / 1000);
		const token = await new SignJWT(rest)
			.setProtectedHeader({ alg: SIGNING_ALGORITHM, kid: keys.publicJwk.kid ?? "local", typ: "JWT" })
			.setSubject(sub)
			.setIssuer(LOCAL_ISSUER)
			.setAudience(LOCAL_AUDIENCE)
			.setIssuedAt(iat)
			.setExpirationTime(iat + TOKEN_LIFETIME_SECONDS)
			.sign(keys.privateKey);
		sendJson(res, 200, { token });
	};

	return { authorize, tokenHandler, jwks: { keys: [keys.publicJwk] } };
}
