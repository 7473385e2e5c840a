import type { IncomingMessage } from "node:http";
import { decodeProtectedHeader } from "jose";
import { isGuid } from "../../core/ids";
import type { TokenIssuer, VerifiedToken } from "../auth";
import { errors, type ApiError } from "../errors";
import { hook, type Hooks } from "./switchboard";

// Mutants only a generated request reaches: each breaks on one class of value
// of one part of the request (the query, the body, a header, a path id's form
// or encoding, the credential) that no fixed check sends. Each is a fault a
// real implementation of the operation could ship.

/** The raw (still percent-encoded) ids of a removal's URL; undefined for any other request. */
export function removalIdsAsSent(req: IncomingMessage): { itwinId: string; groupId: string } | undefined {
  if (req.method !== "DELETE") return undefined;
  return memberPathIds(req.url ?? "");
}

/** The raw ids of a URL of one group membership (accesscontrol/itwins/{id}/members/groups/{groupId}). */
export function memberPathIds(rawUrl: string): { itwinId: string; groupId: string } | undefined {
  const raw = (rawUrl.split("?")[0] ?? "").split("/").filter(Boolean);
  if (raw.length !== 6 || raw[1] !== "itwins" || raw[3] !== "members" || raw[4] !== "groups") return undefined;
  return { itwinId: raw[2]!, groupId: raw[5]! };
}

const decoded = (raw: string): string | undefined => {
  try {
    return decodeURIComponent(raw);
  } catch {
    return undefined;
  }
};

const declaresBody = (req: IncomingMessage) =>
  Number(req.headers["content-length"] ?? "0") > 0 || req.headers["transfer-encoding"] !== undefined;

const badGateway = (): ApiError => ({
  status: 502,
  code: "BadGateway",
  message: "The membership store refused the request.",
});

/** Before routing: a removal refused for a part of the request the operation has no use for. */
export const requestPartHooks: Hooks<[IncomingMessage], ApiError> = [
  // The handler validates the query against the operation's (empty) list of parameters, and the validator throws.
  hook("query-parameter-answers-500", (req) => {
    const query = (req.url ?? "").split("?")[1];
    return removalIdsAsSent(req) && query ? errors.internal() : undefined;
  }),
  // The request is passed on whole to a membership store that refuses a DELETE with content.
  hook("body-on-delete-answers-502", (req) => (removalIdsAsSent(req) && declaresBody(req) ? badGateway() : undefined)),
  // A JSON body parser runs on every request that says JSON, and its error on empty content is not handled.
  hook("json-content-type-without-body-answers-500", (req) =>
    removalIdsAsSent(req) && /json/i.test(req.headers["content-type"] ?? "") && !declaresBody(req)
      ? errors.internal()
      : undefined,
  ),
  // Content negotiation splits the Accept header without asking whether there is one.
  hook("missing-accept-answers-500", (req) =>
    removalIdsAsSent(req) && req.headers.accept === undefined ? errors.internal() : undefined,
  ),
  // The iTwin id is looked up as sent, escapes and all, in a store that throws on "%" (%2D for a hyphen is the same id).
  hook("percent-encoded-itwin-id-answers-500", (req) => {
    const sent = removalIdsAsSent(req);
    return sent?.itwinId.includes("%") && isGuid(decoded(sent.itwinId) ?? "") ? errors.internal() : undefined;
  }),
];

/**
 * The group id as a lenient parser reads it: each mutant accepts one malformed
 * form of a member's id as that member, so the removal goes through.
 */
export const groupIdHooks: Hooks<[string, unknown], string> = [
  // A GUID parser that accepts the registry form {…} (or (…)), as .NET's Guid.Parse does.
  hook("braced-guid-accepted", (id) => /^[{(]([0-9a-f-]{36})[})]$/.exec(id)?.[1]),
  // The id is read as its first 36 characters: whatever follows a GUID is ignored.
  hook("trailing-characters-ignored", (id) =>
    id.length > 36 && isGuid(id.slice(0, 36)) ? id.slice(0, 36) : undefined,
  ),
  // Blanks around the id are trimmed away before the lookup.
  hook("whitespace-trimmed", (id) => (id.trim() !== id && id.trim() !== "" ? id.trim() : undefined)),
];

/** Before authentication: credentials a faulty header parser refuses or throws on. */
export const credentialHooks: Hooks<[{ authorization: string | undefined }], ApiError> = [
  // The scheme is matched as the literal "Bearer ", so a client that writes "bearer" is refused with a valid token.
  hook("lowercase-bearer-refused", ({ authorization }) =>
    /^bearer /.test(authorization ?? "") ? errors.invalidAuthorizationHeader() : undefined,
  ),
  // A JWT-shaped credential whose header is no JSON makes the decoder throw, unhandled.
  hook("jwt-shaped-garbage-answers-500", ({ authorization }) => {
    const token = /^Bearer\s+(\S+\.\S+\.\S*)\s*$/i.exec(authorization ?? "")?.[1];
    if (!token) return undefined;
    try {
      decodeProtectedHeader(token);
      return undefined;
    } catch {
      return errors.internal();
    }
  }),
];

/** Instead of refusing a token that failed verification: the caller a faulty verifier takes it for. */
export const verificationHooks: Hooks<[string, TokenIssuer, string], Promise<VerifiedToken | undefined>> = [
  // The signature is checked only on the "Bearer" spelling the middleware matches; another spelling takes a path that decodes alone.
  hook("lowercase-scheme-skips-signature", async (token, issuer, authorization) => {
    if (authorization.startsWith("Bearer ")) return undefined;
    const again = await issuer.verify(token, { checkSignature: false, acceptUnsigned: true });
    return again.ok ? again.token : undefined;
  }),
  // A token without its signature segment is taken as one whose signature is not to be checked.
  hook("two-part-jwt-accepted", async (token, issuer) => {
    if (token.split(".").length !== 2) return undefined;
    const again = await issuer.verify(`${token}.`, { checkSignature: false });
    return again.ok ? again.token : undefined;
  }),
];
