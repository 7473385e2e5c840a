/** OAuth2 client-credentials grant (RFC 6749 §4.4). */
export interface TokenResponse {
  accessToken: string;
  expiresInSeconds: number;
}

export class TokenRequestError extends Error {
  override name = "TokenRequestError";
}

export async function requestClientCredentialsToken(options: {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  timeoutMs: number;
}): Promise<TokenResponse> {
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
    const reason = error instanceof Error && error.name === "TimeoutError" ? `no answer within ${options.timeoutMs} ms` : describe(error);
    throw new TokenRequestError(`token endpoint ${options.tokenUrl} could not be reached: ${reason}`);
  }
  const text = await response.text();
  let body: { access_token?: unknown; expires_in?: unknown; error?: unknown; error_description?: unknown } = {};
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    // reported below with the status
  }
  if (!response.ok || typeof body.access_token !== "string") {
    const said = typeof body.error === "string" ? `${body.error}${typeof body.error_description === "string" ? `: ${body.error_description}` : ""}` : text.slice(0, 200);
    throw new TokenRequestError(`token endpoint ${options.tokenUrl} answered ${response.status} (${said || "no body"})`);
  }
  return { accessToken: body.access_token, expiresInSeconds: typeof body.expires_in === "number" ? body.expires_in : 3600 };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}
