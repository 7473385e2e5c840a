import type { IncomingMessage, ServerResponse } from "node:http";
import type { VerifiedToken } from "../auth";
import type { Deviations, Hooks } from "../deviations/switchboard";
import { errors, type ApiError } from "../errors";
import { pathSegments } from "../http";

/** The first path segment of every API URL. */
export const apiPrefix = "accesscontrol";

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  caller: VerifiedToken;
  /** The credential as sent, for the mutants that echo it. */
  token: string;
}

export type Handler = (ctx: RequestContext) => Promise<void> | void;

export interface Route {
  /** Path segments below the API prefix; ":name" takes any one segment as the parameter `name`. */
  pattern: string[];
  methods: Partial<Record<string, Handler>>;
}

/** The points where deviations act on routing (deviations/routing.ts). */
export interface RoutingHooks {
  /** The path a request is routed by, given its URL as sent. */
  path: Hooks<[string[] | undefined, string], string[] | undefined>;
  /** Before an authenticated request is routed: a refusal of their own. */
  beforeRouting: Hooks<[IncomingMessage], ApiError>;
  /** Instead of the 405 of a method a route does not declare. */
  undeclaredMethod: Hooks<[], ApiError>;
}

export type Routed = { handler: Handler; params: Record<string, string> } | { refusal: ApiError };

export class Router {
  constructor(
    private readonly routes: Route[],
    private readonly deviations: Deviations,
    private readonly hooks: RoutingHooks,
  ) {}

  /** The decoded segments of a request URL's path; undefined when it cannot be decoded. */
  path(rawUrl: string): string[] | undefined {
    return this.deviations.transform(this.hooks.path, pathSegments(rawUrl), rawUrl);
  }

  /** The handler of an API path (below the prefix) and method, or why there is none. */
  route(api: string[], req: IncomingMessage): Routed {
    const refusal = this.deviations.instead(this.hooks.beforeRouting, req);
    if (refusal) return { refusal };
    const found = this.find(api);
    if (!found) return { refusal: errors.routeNotFound() };
    const handler = found.route.methods[req.method ?? "GET"];
    if (!handler)
      return {
        refusal:
          this.deviations.instead(this.hooks.undeclaredMethod) ??
          errors.methodNotAllowed(Object.keys(found.route.methods)),
      };
    return { handler, params: found.params };
  }

  private find(segments: string[]): { route: Route; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.pattern.length !== segments.length) continue;
      const params: Record<string, string> = {};
      const matches = route.pattern.every((part, i) => {
        const segment = segments[i]!;
        if (part.startsWith(":")) {
          params[part.slice(1)] = segment;
          return true;
        }
        return part === segment;
      });
      if (matches) return { route, params };
    }
    return undefined;
  }
}
