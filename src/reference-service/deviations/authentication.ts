import { canonicalId as lower } from "../../core/ids";
import { platformScope, type TokenIssuer, type VerifiedToken, type VerifyOptions } from "../auth";
import { errors } from "../errors";
import type { AuthenticationHooks, AuthenticationRequest } from "../pipeline/authenticate";
import type { RefusalHooks } from "../pipeline/reject";
import { adminClientId } from "../seed";
import { hook, type DeviationName, type Hook } from "./switchboard";

/** Who a credential the any-bearer-accepted or basic-scheme-accepted mutant lets through acts as. */
const admin: VerifiedToken = { clientId: adminClientId, scopes: [platformScope] };

const addressesUnknownItwin = ({ api, store }: AuthenticationRequest) =>
  api[0] === "itwins" && !store.itwins.has(lower(api[1]));

/** A mutant that leaves one check of verification out: it acts only when that lets the token through. */
function relaxed(
  deviation: DeviationName,
  options: VerifyOptions,
): Hook<[string, TokenIssuer], Promise<VerifiedToken | undefined>> {
  return hook(deviation, async (token, issuer) => {
    const again = await issuer.verify(token, options);
    return again.ok ? again.token : undefined;
  });
}

/** Deviations of authentication: what is refused, when, and how. */
export const authenticationHooks: AuthenticationHooks = {
  before: [
    hook("not-found-before-auth", (request) => (addressesUnknownItwin(request) ? errors.itwinNotFound() : undefined)),
  ],
  missingCredentials: [
    hook("unknown-group-before-auth", ({ api, store }) => {
      const removal = api.length === 5 && api[0] === "itwins" && api[2] === "members" && api[3] === "groups";
      const unknownGroup = removal && store.itwins.get(lower(api[1]))?.groups.has(lower(api[4])) === false;
      return unknownGroup ? errors.groupNotFound() : undefined;
    }),
    hook("401-reveals-unknown-itwin", (request) =>
      request.api.length > 1 && addressesUnknownItwin(request)
        ? { ...errors.headerNotFound(), code: "ItwinNotFound" }
        : undefined,
    ),
  ],
  notBearer: [
    hook("basic-scheme-accepted", async (authorization) =>
      /^Basic\s+\S+$/i.test(authorization) ? { caller: admin, credential: authorization } : undefined,
    ),
    // Like the other authentication mutants, it counts only when it let a caller through.
    hook(
      "scheme-not-required",
      async (authorization, verify) => {
        if (!/^[^\s]+$/.test(authorization)) return undefined;
        const caller = await verify(authorization);
        return caller ? { caller, credential: authorization } : { refusal: errors.invalidToken() };
      },
      (authentication) => authentication !== undefined && "caller" in authentication,
    ),
  ],
  unverified: [
    hook("any-bearer-accepted", async () => admin),
    relaxed("scope-not-checked", { requireScope: false }),
    relaxed("expired-token-accepted", { checkExpiry: false }),
    relaxed("signature-not-checked", { checkSignature: false }),
    relaxed("unsigned-token-accepted", { acceptUnsigned: true }),
  ],
  verified: [
    // An identity known only through its organization, as a service that knows iTwin roles alone might treat it.
    hook("org-admin-token-refused", (caller, { store }) =>
      [...store.organizationAdmins.values()].some((admins) => admins.has(caller.clientId)) &&
      [...store.itwins.values()].every((itwin) => !itwin.access.has(caller.clientId))
        ? errors.invalidToken()
        : undefined,
    ),
  ],
};

/** Deviations of the pipeline's refusals: the challenge of a 401, and what a refusal gives away. */
export const refusalHooks: RefusalHooks = {
  challenge: [hook("no-www-authenticate", () => null)],
  refusal: [
    hook("echo-credential-in-401", (error, req) => {
      const sent = req.headers.authorization ?? "";
      return error.status === 401 && sent.length >= 8
        ? { ...error, message: `${error.message} (received: ${sent})` }
        : undefined;
    }),
  ],
};
