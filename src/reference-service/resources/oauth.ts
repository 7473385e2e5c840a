import type { IncomingMessage, ServerResponse } from "node:http";
import { platformScope, type TokenIssuer } from "../auth";
import { errors } from "../errors";
import { readBody } from "../http";
import { Responder } from "../responder";

/** The token endpoint and discovery are not what is under test: never bent by deviations. */
const plain = new Responder();

/** OpenID discovery and the signing key, so any client can verify the tokens offline. */
export function wellKnown(req: IncomingMessage, res: ServerResponse, segments: string[], issuer: TokenIssuer): void {
  req.resume();
  const name = segments.slice(1).join("/");
  if (name === "jwks.json") return plain.json(res, 200, { keys: [issuer.publicJwk] });
  if (name === "openid-configuration") {
    return plain.json(res, 200, {
      issuer: issuer.issuer,
      token_endpoint: `${issuer.issuer}/connect/token`,
      jwks_uri: `${issuer.issuer}/.well-known/jwks.json`,
      grant_types_supported: ["client_credentials"],
      scopes_supported: [platformScope],
    });
  }
  plain.error(res, errors.routeNotFound());
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
