import { decodeJwt, generateKeyPair, SignJWT, UnsecuredJWT } from "jose";

/** The claims of `template` when it is a JWT, or plausible platform claims when it is not. */
function claimsLike(template: string): Record<string, unknown> {
  try {
    return { ...decodeJwt(template) };
  } catch {
    return { iss: "https://ims.bentley.com", aud: "itwin-platform", scope: "itwin-platform" };
  }
}

/**
 * A well-formed JWT with the claims of `template` (when it is a JWT) but
 * signed by a key made on the spot: a target that checks signatures must
 * refuse it.
 */
export async function tokenSignedByUnknownKey(
  template: string,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const claims = { ...claimsLike(template), ...overrides };
  const now = Math.floor(Date.now() / 1000);
  const { privateKey } = await generateKeyPair("ES256");
  return new SignJWT({ ...claims, iat: now, exp: now + 3600 })
    .setProtectedHeader({ alg: "ES256", kid: "conformance-unknown-key" })
    .sign(privateKey);
}

/** The claims of `template`, unsigned (`alg: none`): a target must never accept a token without a signature. */
export function unsignedToken(template: string): string {
  const now = Math.floor(Date.now() / 1000);
  return new UnsecuredJWT({ ...claimsLike(template), iat: now, exp: now + 3600 }).encode();
}
