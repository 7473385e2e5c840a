import type { TokenIssuer, VerifiedToken } from "../auth";
import type { Deviations, Hooks } from "../deviations/switchboard";
import { errors, type ApiError } from "../errors";
import type { Store } from "../store";

/** What authentication is decided on: the Authorization header, and the API path for the deviations that look at it. */
export interface AuthenticationRequest {
  /** The path below the API prefix, in segments. */
  api: string[];
  authorization: string | undefined;
  store: Store;
}

/** A caller let through, and the credential its requests are counted by. */
export interface Authenticated {
  caller: VerifiedToken;
  credential: string;
}

export type Authentication = Authenticated | { refusal: ApiError };

/** The points where deviations act on authentication (deviations/authentication.ts). */
export interface AuthenticationHooks {
  /** Before authentication: a refusal of their own. */
  before: Hooks<[AuthenticationRequest], ApiError>;
  /** Instead of the refusal of a request without credentials. */
  missingCredentials: Hooks<[AuthenticationRequest], ApiError>;
  /** Instead of refusing an Authorization header without a Bearer credential, given a token verifier. */
  notBearer: Hooks<
    [string, (token: string) => Promise<VerifiedToken | undefined>],
    Promise<Authentication | undefined>
  >;
  /** Instead of refusing a token that fails verification, given the Authorization header it came in: the caller it is taken for. */
  unverified: Hooks<[string, TokenIssuer, string], Promise<VerifiedToken | undefined>>;
  /** Instead of letting in the caller of a verified token: a refusal of their own. */
  verified: Hooks<[VerifiedToken, AuthenticationRequest], ApiError>;
}

/**
 * The authentication stage of a request. It is decided before anything else,
 * so nothing about the addressed resources is revealed to an unauthenticated
 * caller.
 */
export class AuthenticationStage {
  constructor(
    private readonly issuer: TokenIssuer,
    private readonly deviations: Deviations,
    private readonly hooks: AuthenticationHooks,
  ) {}

  async authenticate(request: AuthenticationRequest): Promise<Authentication> {
    const d = this.deviations;
    const early = d.instead(this.hooks.before, request);
    if (early) return { refusal: early };
    const { authorization } = request;
    if (authorization === undefined)
      return { refusal: d.instead(this.hooks.missingCredentials, request) ?? errors.headerNotFound() };
    const token = /^Bearer[ ]+([^\s]+)\s*$/i.exec(authorization)?.[1];
    if (!token) {
      const instead = await d.insteadAsync(this.hooks.notBearer, authorization, (t) => this.verify(t, authorization));
      return instead ?? { refusal: errors.invalidAuthorizationHeader() };
    }
    const caller = await this.verify(token, authorization);
    if (!caller) return { refusal: errors.invalidToken() };
    const refusal = d.instead(this.hooks.verified, caller, request);
    return refusal ? { refusal } : { caller, credential: token };
  }

  /** The caller a token stands for, or undefined when it must be refused. */
  private async verify(token: string, authorization: string): Promise<VerifiedToken | undefined> {
    const verified = await this.issuer.verify(token);
    if (verified.ok) return verified.token;
    return this.deviations.insteadAsync(this.hooks.unverified, token, this.issuer, authorization);
  }
}
