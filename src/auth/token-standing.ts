import { decodeJwt } from "jose";

/**
 * Why a token the target refused with 401 may be the configuration's fault,
 * as far as its claims show: expired, unreadable, or issued by another
 * issuer than the admin's token, which the target accepts. Undefined when it
 * is a live token of the admin's issuer: then the 401 is the target's refusal
 * of a valid identity. Claims are read, not verified: the suite holds no key.
 */
export function configurationFault(token: string, adminToken: string, now = Date.now()): string | undefined {
  const claims = readClaims(token);
  if (!claims) return "it is not a JWT whose claims the suite can read, so whether it is valid cannot be told";
  if (claims.exp !== undefined && claims.exp * 1000 <= now) return "it has expired";
  const adminIssuer = readClaims(adminToken)?.iss;
  if (adminIssuer === undefined) return "the admin's token names no issuer to compare it with";
  if (claims.iss !== adminIssuer) return `its issuer is not the admin token's (${adminIssuer})`;
  return undefined;
}

function readClaims(token: string): { exp?: number; iss?: string } | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}
