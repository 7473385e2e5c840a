import { ConfigError, TokenRequestError } from "../core/errors";
import type { Credentials } from "../settings/settings";
import { registerSecret } from "../core/secrets";
import { requestClientCredentialsToken } from "./client-credentials";
import { issued, type ClientCredentialsGrant, type IssuedToken } from "./token-source";

export interface ObtainedToken {
  token: string;
  /** With the client-credentials grant: what a refresh needs. */
  grant?: { grant: ClientCredentialsGrant; token: IssuedToken };
}

/**
 * An identity's token (the admin's, the unprivileged one's): as configured,
 * or fetched once through the client-credentials grant. A refusal is a
 * configuration error that quotes the token endpoint's answer, never the
 * secret.
 */
export async function obtainToken(credentials: Credentials, timeoutMs: number, who = "client"): Promise<ObtainedToken> {
  if (credentials.kind === "token") return { token: credentials.token };
  const { kind: _kind, ...grant } = credentials;
  registerSecret(grant.clientSecret);
  const askedAt = Date.now();
  try {
    const token = issued(await requestClientCredentialsToken({ ...grant, timeoutMs }), askedAt);
    registerSecret(token.accessToken);
    return { token: token.accessToken, grant: { grant, token } };
  } catch (error) {
    if (error instanceof TokenRequestError)
      throw new ConfigError(`configuration error: no token for ${who} ${grant.clientId}: ${error.message}`);
    throw error;
  }
}
