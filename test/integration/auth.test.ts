import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt, importJWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from "#shared/auth/jwt.ts";
import { routes } from "#shared/specs/routes.ts";
import { createLocalAuth, type LocalAuth } from "#local/auth.ts";
import { type Gateway, startGateway } from "#local/gateway.ts";
import type { LocalSystem } from "#local/system.ts";
import { postJson, startTestSystem } from "../support/system.ts";

let system: LocalSystem;
let gateway: Gateway;
let auth: LocalAuth;
let nowMs = Date.now();

beforeAll(async () => {
	system = await startTestSystem();
	auth = await createLocalAuth({ now: () => nowMs });
	gateway = await startGateway({ port: 0, authorize: auth.authorize, mounts: { "/local/token": auth.tokenHandler } });
});
afterAll(async () => {
	await gateway?.close();
	await system?.stop();
});

const tokenFor = async (body: Record<string, unknown> | string) => postJson(`${gateway.url}/local/token`, body);
const getUnits = (token?: string, region = "431127") =>
	fetch(`${gateway.url}/v1/units?region=${region}`, { headers: token === undefined ? {} : { authorization: token } });

describe("POST /local/token", () => {
	it("issues a token with the staff claims, issuer, audience and a 12-hour lifetime", async () => {
		const r = await tokenFor({ user: "wang", role: "unit", region: "431127", unit: "431127-housing" });
		expect(r.status).toBe(200);
		const claims = decodeJwt(r.body.token);
		expect(claims).toMatchObject({
			sub: "wang",
			role: "unit",
			region: "431127",
			unit: "431127-housing",
			iss: LOCAL_ISSUER,
			aud: LOCAL_AUDIENCE,
		});
		expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(12 * 3600);
	});

	const bad: [string, Record<string, unknown>, string][] = [
		["an unknown role", { user: "li", role: "mayor", region: "431127" }, "role"],
		["role unit without a unit", { user: "li", role: "unit", region: "431127" }, "unit"],
		["a unit of another region", { user: "li", role: "unit", region: "431102", unit: "431127-housing" }, "unit"],
		["an unknown unit", { user: "li", role: "intake", region: "431127", unit: "431127-nope" }, "unit"],
		["an unknown region", { user: "li", role: "leader", region: "999999" }, "region"],
		["no user", { role: "leader", region: "431100" }, "user"],
	];
	for (const [what, body, path] of bad)
		it(`refuses ${what} with 400 naming ${path}`, async () => {
			const r = await tokenFor(body);
			expect(r.status).toBe(400);
			expect(r.body.error.code).toBe("VALIDATION_FAILED");
			expect(r.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
		});

	it("refuses a body that is not JSON", async () => {
		const r = await tokenFor("{nope");
		expect(r.status).toBe(400);
		expect(r.body.error.code).toBe("INVALID_JSON");
	});
});

describe("the local JWT authorizer", () => {
	const leader = () =>
		tokenFor({ user: "zhao", role: "leader", region: "431100" }).then((r) => `Bearer ${r.body.token}`);

	it("lets a valid token through and hands its claims to the handler", async () => {
		const res = await getUnits(await leader());
		expect(res.status).toBe(200);
		const units = (await res.json()) as { id: string; region: string }[];
		expect(units.length).toBeGreaterThan(0);
		expect(units.every((u) => u.region === "431127")).toBe(true);
	});

	it("the handler still applies the caller's scope: a county's intake cannot list another county's units", async () => {
		const t = await tokenFor({ user: "sun", role: "intake", region: "431102" });
		const res = await getUnits(`Bearer ${t.body.token}`, "431127");
		expect(res.status).toBe(403);
	});

	const unauthorized: [string, () => Promise<string | undefined>][] = [
		["no Authorization header", async () => undefined],
		["a garbage token", async () => "Bearer not.a.jwt"],
		["a non-Bearer scheme", async () => `Basic ${Buffer.from("a:b").toString("base64")}`],
		[
			"a token signed by another key",
			async () => {
				const other = await createLocalAuth();
				const g = await startGateway({
					port: 0,
					authorize: other.authorize,
					mounts: { "/local/token": other.tokenHandler },
				});
				try {
					const r = await postJson(`${g.url}/local/token`, { user: "x", role: "leader", region: "431100" });
					return `Bearer ${r.body.token}`;
				} finally {
					await g.close();
				}
			},
		],
		[
			"an expired token",
			async () => {
				const token = await leader();
				nowMs += 12 * 3600_000 + 1000;
				return token;
			},
		],
	];
	for (const [what, header] of unauthorized)
		it(`answers 401 UNAUTHORIZED for ${what}`, async () => {
			const res = await getUnits(await header());
			expect(res.status).toBe(401);
			expect(((await res.json()) as any).error.code).toBe("UNAUTHORIZED");
		});

	it("answers 403 FORBIDDEN for a valid token whose role the route does not list", async () => {
		const res = await fetch(`${gateway.url}/v1/cases`, {
			method: "POST",
			headers: { authorization: await leader(), "content-type": "application/json" },
			body: "{}",
		});
		expect(res.status).toBe(403);
		expect(((await res.json()) as any).error.code).toBe("FORBIDDEN");
	});
});

describe("the signing key in a data directory", () => {
	const route = routes.find((r) => r.function === "listCases");
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), "xinfang-auth-"));
	});
	afterAll(() => rm(dir, { recursive: true, force: true }));

	it("is created at first start, kept private, and a token issued before a restart verifies after it", async () => {
		const first = await createLocalAuth({ dataDir: dir });
		const g = await startGateway({
			port: 0,
			authorize: first.authorize,
			mounts: { "/local/token": first.tokenHandler },
		});
		const issued = await postJson(`${g.url}/local/token`, { user: "qian", role: "reviewer", region: "431127" });
		await g.close();
		expect((await stat(join(dir, "auth", "signing-key.json"))).mode & 0o777).toBe(0o600);

		const second = await createLocalAuth({ dataDir: dir });
		expect(second.jwks).toEqual(first.jwks);
		const claims = await second.authorize(route!, `Bearer ${issued.body.token}`);
		expect(claims).toMatchObject({ sub: "qian", role: "reviewer", region: "431127", iss: LOCAL_ISSUER });
		// API Gateway hands every claim over as a string.
		expect(typeof claims?.exp).toBe("string");
	});

	it("rejects a token signed with the right key for another audience or issuer", async () => {
		const auth2 = await createLocalAuth({ dataDir: dir });
		const jwk = JSON.parse(await readFile(join(dir, "auth", "signing-key.json"), "utf8"));
		const key = await importJWK(jwk, "ES256");
		const sign = (iss: string, aud: string) =>
			new SignJWT({ role: "admin", region: "431100" })
				.setProtectedHeader({ alg: "ES256" })
				.setSubject("x")
				.setIssuer(iss)
				.setAudience(aud)
				.setIssuedAt()
				.setExpirationTime("1h")
				.sign(key);
		await expect(auth2.authorize(route!, `Bearer ${await sign(LOCAL_ISSUER, LOCAL_AUDIENCE)}`)).resolves.toMatchObject({
			role: "admin",
		});
		await expect(auth2.authorize(route!, `Bearer ${await sign(LOCAL_ISSUER, "other-app")}`)).rejects.toMatchObject({
			status: 401,
		});
		await expect(auth2.authorize(route!, `Bearer ${await sign("someone-else", LOCAL_AUDIENCE)}`)).rejects.toMatchObject(
			{ status: 401 },
		);
	});
});
