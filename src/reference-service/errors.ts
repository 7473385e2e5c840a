import { recommendedAccept } from "../core/media-types";
/** The JSON error bodies the reference service answers with, one place for codes and messages. */
export interface ApiError {
  status: number;
  code: string;
  message: string;
  target?: string | null;
  details?: { code: string; message: string; target?: string }[];
  headers?: Record<string, string>;
}

export const errors = {
  headerNotFound: (): ApiError => ({
    status: 401,
    code: "HeaderNotFound",
    message: "Header Authorization was not found in the request. Access denied.",
  }),
  invalidAuthorizationHeader: (): ApiError => ({
    status: 401,
    code: "InvalidAuthorizationHeader",
    message: "Header Authorization must be of the form 'Bearer <access token>'. Access denied.",
  }),
  invalidToken: (): ApiError => ({
    status: 401,
    code: "InvalidToken",
    message:
      "The access token is malformed, expired, not signed by the expected issuer or lacks the itwin-platform scope. Access denied.",
  }),
  itwinNotFound: (): ApiError => ({ status: 404, code: "ItwinNotFound", message: "Requested iTwin is not available." }),
  groupNotFound: (): ApiError => ({ status: 404, code: "GroupNotFound", message: "Requested group is not available." }),
  teamMemberNotFound: (): ApiError => ({
    status: 404,
    code: "TeamMemberNotFound",
    message: "Requested team member is not available.",
  }),
  roleNotFound: (): ApiError => ({ status: 404, code: "RoleNotFound", message: "Requested role is not available." }),
  permissionNotFound: (target: string): ApiError => ({
    status: 404,
    code: "PermissionNotFound",
    message: "Requested permission is not available.",
    target,
  }),
  imsGroupNotFound: (target: string): ApiError => ({
    status: 404,
    code: "ImsGroupNotFound",
    message: "Requested IMS group is not available.",
    target,
  }),
  /** The code is the reference service's own: the public documentation names none for a duplicate group name. */
  groupNameAlreadyExists: (): ApiError => ({
    status: 409,
    code: "GroupNameAlreadyExists",
    message: "A group with this name already exists in the iTwin.",
    target: "name",
  }),
  routeNotFound: (): ApiError => ({ status: 404, code: "NotFound", message: "The requested resource does not exist." }),
  methodNotAllowed: (allow: string[]): ApiError => ({
    status: 405,
    code: "MethodNotAllowed",
    message: "The method is not allowed for the requested resource.",
    headers: { Allow: allow.join(", ") },
  }),
  notAcceptable: (): ApiError => ({
    status: 406,
    code: "NotAcceptable",
    message: `The Accept header must allow ${recommendedAccept}.`,
  }),
  /** A 401 for a caller that may not act, with the challenge a 401 carries. */
  notPermitted: (): ApiError => ({
    status: 401,
    code: "Unauthorized",
    message: "The caller may not remove members of this iTwin.",
    // The token is valid: RFC 6750 §3.1 has no error code for a caller that may not act (insufficient_scope belongs with 403).
    headers: { "WWW-Authenticate": 'Bearer realm="itwin-platform"' },
  }),
  insufficientPermissions: (): ApiError => ({
    status: 403,
    code: "InsufficientPermissions",
    message: "The user has insufficient permissions for the requested operation.",
  }),
  invalidRequest: (code: string, details: { code: string; message: string; target?: string }[]): ApiError => ({
    status: 422,
    code,
    message: "The request is not valid.",
    details,
  }),
  payloadTooLarge: (limit: number): ApiError => ({
    status: 413,
    code: "PayloadTooLarge",
    message: `The request body is larger than ${limit} bytes.`,
  }),
  unsupportedMediaType: (): ApiError => ({
    status: 415,
    code: "UnsupportedMediaType",
    message: "The request body must be application/json.",
  }),
  rateLimitExceeded: (retryAfterSeconds: number): ApiError => ({
    status: 429,
    code: "RateLimitExceeded",
    message: "The client sent more requests than allowed by this API for the current tier of the client.",
    headers: {
      "Retry-After": String(retryAfterSeconds),
      "ITwinPlatform-RateLimited-Tier": "true",
      "ITwinPlatform-RateLimited-API": "false",
      "ITwinPlatform-RateLimited-Operation": "false",
      "ITwinPlatform-RateLimited-Application": "false",
    },
  }),
  badRequest: (message: string): ApiError => ({ status: 400, code: "BadRequest", message }),
  internal: (): ApiError => ({
    status: 500,
    code: "InternalServerError",
    message: "The service failed to handle the request.",
  }),
};

export function errorBody(error: ApiError): { error: Record<string, unknown> } {
  const body: Record<string, unknown> = { code: error.code, message: error.message };
  if (error.target !== undefined) body.target = error.target;
  if (error.details) body.details = error.details;
  return { error: body };
}
