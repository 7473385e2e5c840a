import { registerSecret } from "../core/secrets";
import { requestClientCredentialsToken, type TokenResponse } from "./client-credentials";

/** Where a client gets the bearer token for its next request. */
export interface TokenSource {
  current(): Promise<string>;
}

export interface ClientCredentialsGrant {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
}

export interface IssuedToken {
  accessToken: string;
  /** Epoch milliseconds: when it was asked for, and when it expires. */
  issuedAt: number;
  expiresAt: number;
}

export function issued(response: TokenResponse, askedAt: number): IssuedToken {
  return {
    accessToken: response.accessToken,
    issuedAt: askedAt,
    expiresAt: askedAt + response.expiresInSeconds * 1000,
  };
}

/** When to fetch the next token: a minute before expiry, or halfway through a shorter life. */
export function refreshAt(token: IssuedToken): number {
  return token.expiresAt - Math.min(60_000, (token.expiresAt - token.issuedAt) / 2);
}

/**
 * A client-credentials token that is fetched again before it expires, so a
 * long run never sends an expired token. Concurrent callers share one
 * request. The margin is a minute, or half the lifetime of a short-lived
 * token.
 */
export class RefreshingToken implements TokenSource {
  private token: IssuedToken;
  private pending?: Promise<IssuedToken>;

  constructor(
    private readonly grant: ClientCredentialsGrant,
    initial: IssuedToken,
    private readonly options: { timeoutMs: number; onNewToken?: (token: string) => void; now?: () => number },
  ) {
    this.token = initial;
  }

  async current(): Promise<string> {
    if (this.now() < refreshAt(this.token)) return this.token.accessToken;
    this.pending ??= this.fetch().finally(() => (this.pending = undefined));
    this.token = await this.pending;
    return this.token.accessToken;
  }

  private async fetch(): Promise<IssuedToken> {
    const started = this.now();
    const token = issued(
      await requestClientCredentialsToken({ ...this.grant, timeoutMs: this.options.timeoutMs }),
      started,
    );
    this.options.onNewToken?.(token.accessToken);
    return token;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

/** An identity's token for an API client: as given, or refreshed through the grant it came from. New tokens are registered as secrets. */
export function tokenSource(
  token: string,
  grant: { grant: ClientCredentialsGrant; token: IssuedToken } | undefined,
  timeoutMs: number,
): string | TokenSource {
  return grant ? new RefreshingToken(grant.grant, grant.token, { timeoutMs, onNewToken: registerSecret }) : token;
}
