import { decodeJwt, generateKeyPair, SignJWT } from "jose";

/**
 * A well-formed JWT with the claims of `template` (when it is a JWT) but
 * signed by a key made on the spot: a target that checks signatures must
 * refuse it.
 */
export async function tokenSignedByUnknownKey(template: string): Promise<string> {
  let claims: Record<string, unknown>;
  try {
    claims = { ...decodeJwt(template) };
  } catch {
    claims = { iss: "https://ims.bentley.com", aud: "itwin-platform", scope: "itwin-platform" };
  }
  const now = Math.floor(Date.now() / 1000);
  const { privateKey } = await generateKeyPair("ES256");
  return new SignJWT({ ...claims, iat: now, exp: now + 3600 }).setProtectedHeader({ alg: "ES256", kid: "conformance-unknown-key" }).sign(privateKey);
}
