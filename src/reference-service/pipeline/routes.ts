import type { IncomingMessage } from "node:http";
import type { VerifiedToken } from "../auth";
import type { Hooks } from "../deviations/switchboard";
import type { ApiError } from "../errors";
import type { Answer } from "../responder";
import type { Itwin, Permission } from "../store";
import type { RequestBody } from "./request-body";

export type Method = "GET" | "POST" | "PATCH" | "DELETE" | "PUT";

type ParamNames<Path extends string> = Path extends `${infer Head}/${infer Tail}`
  ? ParamNames<Head> | ParamNames<Tail>
  : Path extends `:${infer Name}`
    ? Name
    : never;

/** The parameters of a path template, `"itwins/:id/roles/:roleId"` → `{ id, roleId }`, as the path gives them. */
export type PathParams<Path extends string> = { readonly [Name in ParamNames<Path>]: string };

/**
 * What a caller needs beyond a valid token (every API request is authenticated
 * before it is routed): `"a token"` alone, for a route that addresses no iTwin;
 * `"to see the iTwin"` (`:id`); to be an Organization Administrator of the
 * iTwin's owner; or a permission in it.
 */
export type Needs =
  | "a token"
  | "to see the iTwin"
  | { organizationAdmin: true }
  | {
      permission: Permission;
      /** Whether the Organization Administrators of the iTwin's owner may act without it. */
      orOrganizationAdmin?: true;
      /** A caller without it is refused 403 `InsufficientPermissions`, or (`"ItwinNotFound"`) as if the iTwin were unknown. */
      refusal?: "InsufficientPermissions" | "ItwinNotFound";
    };

/** A request as a route sees it before any of its checks. */
export interface RouteRequest<Path extends string> {
  req: IncomingMessage;
  params: PathParams<Path>;
  caller: VerifiedToken;
  /** The credential as sent, for the deviations that echo it. */
  token: string;
}

/** A request that passed every check of its route: its iTwin (unless it needs only a token) and its valid body. */
export type Call<Path extends string, N extends Needs, Body> = RouteRequest<Path> & {
  itwin: N extends "a token" ? undefined : Itwin;
  body: Body;
};

/**
 * The points where deviations act on a route's checks, given what the route
 * shows them of a request (`View`); its iTwin added once it is known.
 */
export interface CheckHooks<View> {
  /** Before any check: an answer of their own. */
  before?: Hooks<[View], Answer>;
  /** Instead of refusing a caller without the permission: another refusal, or "allowed". */
  unpermitted?: Hooks<[View & { itwin: Itwin }], ApiError | "allowed">;
  /** Instead of letting through a caller with the permission: a refusal. */
  permitted?: Hooks<[View & { itwin: Itwin }], ApiError>;
}

/**
 * One operation of the API: its method and path, what a caller needs, the
 * body it takes, and its handler. The pipeline (route-stages.ts) runs the
 * checks in that order and calls the handler only with a request that passed
 * them, so a handler holds only its resource's logic.
 */
export interface RouteDeclaration<Path extends string, N extends Needs, Body, View> {
  method: Method;
  /** Below the API prefix; `:name` takes any one segment as the parameter `name`. */
  path: Path;
  needs: N;
  /**
   * Where `needs` comes from, for a read: the public documentation's sentence (a read without one is open to any
   * caller that sees the iTwin, for want of a documented rule; docs/reference-service.md lists those).
   */
  rule?: string;
  /** The body a write takes, validated against the fragment's schema (request-body.ts); none: the body is not read. */
  body?: RequestBody<Body>;
  /** Where deviations act on the route's checks, for an operation under test. */
  deviations?: { view: (request: RouteRequest<Path>) => View } & CheckHooks<View>;
  handle: (call: Call<Path, N, Body>) => Answer | Promise<Answer>;
}

/** A route of any path, needs and body, as the pipeline holds it. */
export type AnyRoute = RouteDeclaration<string, Needs, unknown, unknown>;

/** Declares a route: the identity function that lets TypeScript infer its path parameters and body. */
export function route<Path extends string, N extends Needs, Body = undefined, View = never>(
  declaration: RouteDeclaration<Path, N, Body, View>,
): AnyRoute {
  return declaration as unknown as AnyRoute;
}
