import { TokenRequestError } from "../core/errors";
import { fetchFailure, unresolvedHostProblem } from "../client/fetch-failure";
import { readCapped, UnfinishedBodyError } from "../client/read-capped";
import { registerSecret } from "../core/secrets";

/** OAuth2 client-credentials grant (RFC 6749 §4.4). */
export interface TokenResponse {
  accessToken: string;
  expiresInSeconds: number;
}

export async function requestClientCredentialsToken(options: {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  timeoutMs: number;
}): Promise<TokenResponse> {
  registerSecret(options.clientSecret);
  let response: Response;
  try {
    response = await fetch(options.tokenUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: options.clientId,
        client_secret: options.clientSecret,
        scope: options.scope,
      }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    // A host the DNS does not know is a typo in the setting, not an endpoint that failed: said so, plainly.
    throw new TokenRequestError(
      unresolvedHostProblem(error, options.tokenUrl, "CONFORMANCE_TOKEN_URL") ??
        `token endpoint ${options.tokenUrl} could not be reached: ${fetchFailure(error, options.timeoutMs)}`,
    );
  }
  let text: string;
  let cutAt: number | undefined;
  try {
    ({ text, cutAt } = await readCapped(response));
  } catch (error) {
    // The time-out covers the body too: a body that never ends is an endpoint that did not answer.
    throw new TokenRequestError(
      `token endpoint ${options.tokenUrl} answered ${response.status}, but its body did not finish: ${fetchFailure(error instanceof UnfinishedBodyError ? error.cause : error, options.timeoutMs)}`,
    );
  }
  let body: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
  try {
    // A cut body is not judged: what was read of it may parse, but the answer is more than that.
    if (cutAt === undefined) body = JSON.parse(text) as typeof body;
  } catch {
    // reported below with the status
  }
  if (!response.ok || typeof body.access_token !== "string") {
    const said =
      typeof body.error === "string"
        ? `${body.error}${typeof body.error_description === "string" ? `: ${body.error_description}` : ""}`
        : text.slice(0, 200);
    const cut = cutAt === undefined ? "" : `; body cut at ${cutAt} bytes`;
    const fix = typeof body.error === "string" ? refusalFixes[body.error] : undefined;
    throw new TokenRequestError(
      `token endpoint ${options.tokenUrl} answered ${response.status} (${said || "no body"}${cut})${fix ? `: ${fix}` : ""}`,
    );
  }
  return {
    accessToken: body.access_token,
    expiresInSeconds: typeof body.expires_in === "number" ? body.expires_in : 3600,
  };
}

/** What to fix for the OAuth2 errors (RFC 6749 §5.2) that are the configuration's: the endpoint's answer names the cause. */
const refusalFixes: Record<string, string> = {
  invalid_client: "check the client id and its secret",
  unauthorized_client: "the client may not use the client-credentials grant; allow it for the client, or use another",
  invalid_scope: "check CONFORMANCE_SCOPE",
};
