import { randomUUID, timingSafeEqual } from "node:crypto";
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey, type JWK } from "jose";

export const platformScope = "itwin-platform";

/** An OAuth2 client of the reference service (client-credentials grant). */
export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  /** Scopes the client may ask for. */
  scopes: string[];
}

export interface VerifiedToken {
  clientId: string;
  scopes: string[];
}

export type VerifyResult = { ok: true; token: VerifiedToken } | { ok: false; reason: string };

/**
 * Issues and verifies ES256-signed JWT access tokens. The key pair is made at
 * start, so a token from another instance (or any other key) is rejected.
 */
export class TokenIssuer {
  private constructor(
    readonly issuer: string,
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
    readonly publicJwk: JWK,
    private readonly clients: Map<string, ClientRegistration>,
    readonly tokenLifetimeSeconds: number,
  ) {}

  static async create(options: { issuer: string; clients: ClientRegistration[]; tokenLifetimeSeconds: number }): Promise<TokenIssuer> {
    const { privateKey, publicKey } = await generateKeyPair("ES256");
    const publicJwk = { ...(await exportJWK(publicKey)), kid: randomUUID(), alg: "ES256", use: "sig" };
    const clients = new Map(options.clients.map((c) => [c.clientId, c]));
    return new TokenIssuer(options.issuer, privateKey, publicKey, publicJwk, clients, options.tokenLifetimeSeconds);
  }

  /** The client-credentials grant: checks the client and the scope, returns a signed token. */
  async grant(request: { clientId?: string; clientSecret?: string; scope?: string }): Promise<
    | { ok: true; accessToken: string; expiresIn: number; scope: string }
    | { ok: false; status: number; error: string; description: string }
  > {
    const client = request.clientId ? this.clients.get(request.clientId) : undefined;
    if (!client || !request.clientSecret || !sameSecret(client.clientSecret, request.clientSecret)) {
      return { ok: false, status: 401, error: "invalid_client", description: "Client authentication failed." };
    }
    const asked = (request.scope ?? "").split(" ").filter(Boolean);
    const scopes = asked.length ? asked : client.scopes;
    if (scopes.some((s) => !client.scopes.includes(s))) {
      return { ok: false, status: 400, error: "invalid_scope", description: "The requested scope is not allowed for this client." };
    }
    const accessToken = await this.mint({ clientId: client.clientId, scopes, lifetimeSeconds: this.tokenLifetimeSeconds });
    return { ok: true, accessToken, expiresIn: this.tokenLifetimeSeconds, scope: scopes.join(" ") };
  }

  /**
   * Signs a token for a registered client. A negative lifetime gives an
   * already expired token, which the conformance run uses as a credential that
   * is correctly signed but no longer valid.
   */
  async mint(options: { clientId: string; scopes: string[]; lifetimeSeconds: number }): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ scope: options.scopes.join(" "), client_id: options.clientId })
      .setProtectedHeader({ alg: "ES256", kid: this.publicJwk.kid!, typ: "at+jwt" })
      .setIssuer(this.issuer)
      .setSubject(options.clientId)
      .setAudience(platformScope)
      .setJti(randomUUID())
      .setIssuedAt(options.lifetimeSeconds < 0 ? now + options.lifetimeSeconds - 60 : now)
      .setExpirationTime(now + options.lifetimeSeconds)
      .sign(this.privateKey);
  }

  async verify(token: string, options: { requireScope?: boolean } = {}): Promise<VerifyResult> {
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: this.issuer,
        audience: platformScope,
        algorithms: ["ES256"],
        requiredClaims: ["exp", "sub"],
      });
      const scopes = typeof payload.scope === "string" ? payload.scope.split(" ") : [];
      if (options.requireScope !== false && !scopes.includes(platformScope)) return { ok: false, reason: "missing scope" };
      const clientId = String(payload.sub);
      if (!this.clients.has(clientId)) return { ok: false, reason: "unknown client" };
      return { ok: true, token: { clientId, scopes } };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : "invalid token" };
    }
  }
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
