import type { IncomingMessage, ServerResponse } from "node:http";
import { platformScope, signingAlgorithm, type TokenIssuer } from "../auth";
import { errors } from "../errors";
import { readBody } from "../http";
import { Responder } from "../responder";

/** The token endpoint and discovery are not what is under test: never bent by deviations. */
const plain = new Responder();

/** The path of the authorization endpoint: named by discovery, it answers that no interactive login is offered. */
export const authorizationPath = "connect/authorize";

/**
 * OpenID discovery and the signing key, so any client can verify the tokens
 * offline. The document has every field OpenID Connect Discovery 1.0 §3
 * marks REQUIRED, because clients (Bentley's service-authorization among
 * them) refuse one without them; the lists say what the service does: the
 * client-credentials grant, no response type (no interactive login), public
 * subjects, and ES256, its one key's algorithm (it issues no ID token, so
 * RS256, which §3 asks every provider to list, is left out).
 */
export function wellKnown(req: IncomingMessage, res: ServerResponse, segments: string[], issuer: TokenIssuer): void {
  req.resume();
  const name = segments.slice(1).join("/");
  if (name === "jwks.json") return plain.json(res, 200, { keys: [issuer.publicJwk] });
  if (name === "openid-configuration") {
    return plain.json(res, 200, {
      issuer: issuer.issuer,
      authorization_endpoint: `${issuer.issuer}/${authorizationPath}`,
      token_endpoint: `${issuer.issuer}/connect/token`,
      jwks_uri: `${issuer.issuer}/.well-known/jwks.json`,
      response_types_supported: [],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: [signingAlgorithm],
      grant_types_supported: ["client_credentials"],
      token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
      scopes_supported: [platformScope],
    });
  }
  plain.error(res, errors.routeNotFound());
}

/**
 * The authorization endpoint: no response type is offered, so no interactive
 * login. No client has a registered redirection URI to send the error to, so
 * the error is told to the user-agent directly, as RFC 6749 §4.1.2.1 says
 * for a redirection URI that cannot be verified: 400 unsupported_response_type.
 */
export function authorizationEndpoint(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  plain.json(
    res,
    400,
    {
      error: "unsupported_response_type",
      error_description:
        "This service offers no interactive login: get a token from the token endpoint with the client-credentials grant.",
    },
    { "Cache-Control": "no-store" },
  );
}

/** RFC 6749 §4.4 client-credentials grant; client authentication by form fields or HTTP Basic. */
export async function tokenEndpoint(
  req: IncomingMessage,
  res: ServerResponse,
  issuer: TokenIssuer,
  maxBodyBytes: number,
): Promise<void> {
  const oauthError = (status: number, error: string, description: string) =>
    plain.json(res, status, { error, error_description: description }, { "Cache-Control": "no-store" });
  if (req.method !== "POST") {
    req.resume();
    return plain.json(res, 405, { error: "invalid_request", error_description: "Use POST." }, { Allow: "POST" });
  }
  const body = await readBody(req, maxBodyBytes);
  if (!body.ok) return oauthError(413, "invalid_request", "The request body is too large.");
  const form = new URLSearchParams(body.text);
  let clientId = form.get("client_id") ?? undefined;
  let clientSecret = form.get("client_secret") ?? undefined;
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  if (basic?.[1]) {
    const [id, secret] = Buffer.from(basic[1], "base64").toString("utf8").split(":");
    clientId = decodeURIComponent(id ?? "");
    clientSecret = decodeURIComponent(secret ?? "");
  }
  if (form.get("grant_type") !== "client_credentials") {
    return oauthError(400, "unsupported_grant_type", "Only client_credentials is supported.");
  }
  const result = await issuer.grant({ clientId, clientSecret, scope: form.get("scope") ?? undefined });
  if (!result.ok) return oauthError(result.status, result.error, result.description);
  plain.json(
    res,
    200,
    { access_token: result.accessToken, token_type: "Bearer", expires_in: result.expiresIn, scope: result.scope },
    { "Cache-Control": "no-store" },
  );
}
