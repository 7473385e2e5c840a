/**
 * What one request's Authorization header shows about its credential, read
 * without verifying anything: whether there is one, its scheme, and for a
 * JWT whether it is unsigned or past its expiry. The value itself is never
 * kept.
 */
export interface CredentialFacts {
  /** The scheme as sent ("Bearer", "Basic"), or "" when the value has no scheme and credential. */
  scheme: string;
  /** Whether a credential follows the scheme. */
  hasCredential: boolean;
  /** For a JWT: its `exp` in seconds since the epoch, when it has one. */
  expiresAt?: number;
  /** For a JWT: whether its header says alg "none". */
  unsigned?: boolean;
}

/** The facts of an Authorization value; null when the request carried none. */
export function credentialFacts(authorization: string | undefined): CredentialFacts | null {
  if (authorization === undefined) return null;
  const value = authorization.trim();
  const match = /^(\S+)(?:\s+(\S.*))?$/.exec(value);
  // One word: a credential without a scheme ("<token>"), or a scheme without a credential ("Bearer").
  const scheme = match?.[2] === undefined && !/^bearer$|^basic$/i.test(value) ? "" : (match?.[1] ?? "");
  const credential = scheme === "" ? value : (match?.[2] ?? "");
  return { scheme, hasCredential: credential !== "", ...jwtFacts(credential) };
}

/** The JWT's exp and whether it is unsigned; nothing when the credential is not a JWT. */
function jwtFacts(credential: string): Pick<CredentialFacts, "expiresAt" | "unsigned"> {
  const parts = credential.split(".");
  if (parts.length !== 3) return {};
  const header = decodeJson(parts[0]!) as { alg?: unknown } | undefined;
  const claims = decodeJson(parts[1]!) as { exp?: unknown } | undefined;
  if (!header || !claims) return {};
  return {
    ...(typeof claims.exp === "number" ? { expiresAt: claims.exp } : {}),
    unsigned: typeof header.alg === "string" && header.alg.toLowerCase() === "none",
  };
}

function decodeJson(part: string): unknown {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
    return typeof value === "object" && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
