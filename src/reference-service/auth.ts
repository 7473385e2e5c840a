import { randomUUID, timingSafeEqual } from "node:crypto";
import {
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type CryptoKey,
  type JWK,
  type JWTPayload,
} from "jose";

export const platformScope = "itwin-platform";
/** The one algorithm the service signs its tokens with (and names in its discovery document). */
export const signingAlgorithm = "ES256";

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

/** Checks a verification may leave out; only the authentication mutants leave any out. */
export interface VerifyOptions {
  /** default true */
  requireScope?: boolean;
  /** default true */
  checkExpiry?: boolean;
  /** default true; false trusts the claims of any well-formed JWT */
  checkSignature?: boolean;
  /** default false; true also trusts the claims of an alg "none" JWT */
  acceptUnsigned?: boolean;
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

  static async create(options: {
    issuer: string;
    clients: ClientRegistration[];
    tokenLifetimeSeconds: number;
  }): Promise<TokenIssuer> {
    const { privateKey, publicKey } = await generateKeyPair(signingAlgorithm);
    const publicJwk = { ...(await exportJWK(publicKey)), kid: randomUUID(), alg: signingAlgorithm, use: "sig" };
    const clients = new Map(options.clients.map((c) => [c.clientId, c]));
    return new TokenIssuer(options.issuer, privateKey, publicKey, publicJwk, clients, options.tokenLifetimeSeconds);
  }

  /** The client-credentials grant: checks the client and the scope, returns a signed token. */
  async grant(request: {
    clientId?: string;
    clientSecret?: string;
    scope?: string;
  }): Promise<
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
      return {
        ok: false,
        status: 400,
        error: "invalid_scope",
        description: "The requested scope is not allowed for this client.",
      };
    }
    const accessToken = await this.mint({
      clientId: client.clientId,
      scopes,
      lifetimeSeconds: this.tokenLifetimeSeconds,
    });
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
      .setProtectedHeader({ alg: signingAlgorithm, kid: this.publicJwk.kid!, typ: "at+jwt" })
      .setIssuer(this.issuer)
      .setSubject(options.clientId)
      .setAudience(platformScope)
      .setJti(randomUUID())
      .setIssuedAt(options.lifetimeSeconds < 0 ? now + options.lifetimeSeconds - 60 : now)
      .setExpirationTime(now + options.lifetimeSeconds)
      .sign(this.privateKey);
  }

  /** Verified tokens, as a gateway keeps them: a signature check per request is most of a request's cost. */
  private readonly verified = new Map<string, { result: VerifyResult; until: number }>();

  async verify(token: string, options: VerifyOptions = {}): Promise<VerifyResult> {
    const key = `${JSON.stringify(options)} ${token}`;
    const cached = this.verified.get(key);
    if (cached && cached.until > Date.now()) return cached.result;
    const result = await this.verifyNow(token, options);
    // A token is kept no longer than it is valid, and never past a minute.
    const expiry = result.ok ? (decodeJwt(token).exp ?? 0) * 1000 : Date.now() + 60_000;
    if (this.verified.size >= 1000) this.verified.clear();
    this.verified.set(key, { result, until: Math.min(expiry, Date.now() + 60_000) });
    return result;
  }

  private async verifyNow(token: string, options: VerifyOptions): Promise<VerifyResult> {
    try {
      const payload = await this.trustedClaims(token, options);
      const scopes = typeof payload.scope === "string" ? payload.scope.split(" ") : [];
      if (options.requireScope !== false && !scopes.includes(platformScope))
        return { ok: false, reason: "missing scope" };
      const clientId = String(payload.sub);
      if (!this.clients.has(clientId)) return { ok: false, reason: "unknown client" };
      return { ok: true, token: { clientId, scopes } };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : "invalid token" };
    }
  }

  /** The token's claims once issuer, audience, expiry and signature hold (as far as `options` asks); throws otherwise. */
  private async trustedClaims(token: string, options: VerifyOptions): Promise<JWTPayload> {
    const unsigned = decodeProtectedHeader(token).alg === "none";
    if ((unsigned && options.acceptUnsigned) || options.checkSignature === false) {
      const payload = decodeJwt(token);
      const audiences = [payload.aud ?? []].flat();
      if (payload.iss !== this.issuer || !audiences.includes(platformScope) || payload.sub === undefined)
        throw new Error("claims do not hold");
      if (options.checkExpiry !== false && (payload.exp ?? 0) * 1000 <= Date.now()) throw new Error("expired");
      return payload;
    }
    const { payload } = await jwtVerify(token, this.publicKey, {
      issuer: this.issuer,
      audience: platformScope,
      algorithms: [signingAlgorithm],
      requiredClaims: ["exp", "sub"],
      // Ten years: what "expiry not checked" amounts to for the expired-token-accepted mutant.
      ...(options.checkExpiry === false ? { clockTolerance: 10 * 365 * 24 * 3600 } : {}),
    });
    return payload;
  }
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
