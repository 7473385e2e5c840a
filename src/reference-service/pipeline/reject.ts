import type { IncomingMessage, ServerResponse } from "node:http";
import type { Deviations, Hooks } from "../deviations/switchboard";
import type { ApiError } from "../errors";
import type { Responder } from "../responder";

/** The points where deviations act on a refusal of the pipeline (deviations/authentication.ts), given the request. */
export interface RefusalHooks {
  /** Instead of the challenge a 401 carries: another, or null for none. */
  challenge: Hooks<[IncomingMessage], string | null>;
  /** A refusal before it is written. */
  refusal: Hooks<[ApiError, IncomingMessage], ApiError>;
}

export type Reject = (req: IncomingMessage, res: ServerResponse, error: ApiError) => void;

/** Refuses a request before it reaches a handler: its body unread, a 401 with its challenge. */
export function rejecter(respond: Responder, deviations: Deviations, hooks: RefusalHooks): Reject {
  return (req, res, refused) => {
    req.resume();
    const headers = { ...refused.headers };
    if (refused.status === 401) {
      const challenge = deviations.instead(hooks.challenge, req);
      if (challenge === undefined) headers["WWW-Authenticate"] = bearerChallenge(req);
      else if (challenge !== null) headers["WWW-Authenticate"] = challenge;
    }
    const error = deviations.transform(hooks.refusal, refused, req);
    respond.error(res, { ...error, headers });
  };
}

/** RFC 6750 §3.1: without Bearer credentials (none, or another scheme) the challenge carries no error code. */
function bearerChallenge(req: IncomingMessage): string {
  return /^Bearer\s/i.test(req.headers.authorization ?? "")
    ? 'Bearer realm="itwin-platform", error="invalid_token"'
    : 'Bearer realm="itwin-platform"';
}
