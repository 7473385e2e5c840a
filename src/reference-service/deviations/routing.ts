import { recommendedAccept } from "../../core/media-types";
import { posix } from "node:path";
import { errors } from "../errors";
import type { RoutingHooks } from "../pipeline/router";
import { hook } from "./switchboard";

/** Deviations of routing: which path a request reaches and what an unroutable one is told. */
export const routingHooks: RoutingHooks = {
  path: [
    hook("traversal-reaches-group-delete", (segments, rawUrl) => {
      const resolved = resolvedPathSegments(rawUrl);
      return resolved && resolved.join("/") !== segments?.join("/") ? resolved : undefined;
    }),
  ],
  beforeRouting: [
    hook("recommended-accept-required", (req) =>
      (req.headers.accept ?? "").includes(recommendedAccept) ? undefined : errors.notAcceptable(),
    ),
  ],
  undeclaredMethod: [hook("undeclared-method-answers-404", () => errors.routeNotFound())],
};

/** The path with every escape decoded and "." and ".." resolved, as the traversal mutant routes it. */
function resolvedPathSegments(rawUrl: string): string[] | undefined {
  try {
    return posix
      .normalize(decodeURIComponent(rawUrl.split("?")[0] ?? "/"))
      .split("/")
      .filter((s) => s !== "");
  } catch {
    return undefined;
  }
}
