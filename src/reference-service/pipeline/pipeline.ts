import type { IncomingMessage, ServerResponse } from "node:http";
import type { TokenIssuer } from "../auth";
import { errors } from "../errors";
import { authorizationEndpoint, authorizationPath, tokenEndpoint, wellKnown } from "../resources/oauth";
import { Responder } from "../responder";
import type { Store } from "../store";
import type { AuthenticationStage } from "./authenticate";
import type { RateLimitStage } from "./rate-limit";
import type { Reject } from "./reject";
import { apiPrefix, type Router } from "./router";

export interface PipelineStages {
  issuer: TokenIssuer;
  store: Store;
  authentication: AuthenticationStage;
  rateLimit: RateLimitStage;
  router: Router;
  reject: Reject;
  maxBodyBytes: number;
}

/** Requests outside the API are not what is under test: never bent by deviations. */
const plain = new Responder();

/**
 * What every request goes through, in order: OAuth and discovery outside the
 * API; then authentication, the rate limit, routing and the handler.
 */
export function requestPipeline(stages: PipelineStages): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { issuer, store, authentication, rateLimit, router, reject } = stages;
  return async (req, res) => {
    const segments = router.path(req.url ?? "/");
    if (segments?.[0] === ".well-known") return wellKnown(req, res, segments, issuer);
    if (segments?.join("/") === "connect/token") return tokenEndpoint(req, res, issuer, stages.maxBodyBytes);
    if (segments?.join("/") === authorizationPath) return authorizationEndpoint(req, res);
    if (segments?.[0] !== apiPrefix) {
      req.resume();
      return plain.error(res, errors.routeNotFound());
    }
    const api = segments.slice(1);
    const authenticated = await authentication.authenticate({ api, authorization: req.headers.authorization, store });
    if ("refusal" in authenticated) return reject(req, res, authenticated.refusal);
    const { caller, credential } = authenticated;
    const limited = rateLimit.check(credential, caller.clientId);
    if (limited) return reject(req, res, limited);
    const routed = router.route(api, req);
    if ("refusal" in routed) return reject(req, res, routed.refusal);
    await routed.handler({ req, res, params: routed.params, caller, token: credential });
  };
}
