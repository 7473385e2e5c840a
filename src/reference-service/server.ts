import { canonicalId as lower, isGuid } from "../core/ids";
import { isJsonMediaType, jsonContentType, recommendedAccept } from "../core/media-types";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { posix } from "node:path";
import { platformScope, TokenIssuer, type ClientRegistration, type VerifiedToken, type VerifyOptions } from "./auth";
import { errorBody, errors, type ApiError } from "./errors";
import { answerHooks } from "./deviations/answers";
import { rateLimitAnswerHooks } from "./deviations/rate-limit";
import { Deviations, type DeviationName } from "./deviations/switchboard";
import { pathSegments, readBody } from "./http";
import { FixedWindowRateLimiter, type RateLimitOptions } from "./rate-limit";
import { Responder } from "./responder";
import { adminPermissions, permissions, Store, type Itwin, type Permission } from "./store";

export const apiPrefix = "accesscontrol";
const adminClientId = "conformance-admin";
/** Who a credential the any-bearer-accepted or basic-scheme-accepted mutant lets through acts as. */
const adminCaller: VerifiedToken = { clientId: adminClientId, scopes: [platformScope] };

export interface ReferenceServiceOptions {
  /** Loopback only; the default is 127.0.0.1. */
  host?: string;
  /** 0 (the default) takes a free port. */
  port?: number;
  rateLimit?: RateLimitOptions;
  tokenLifetimeSeconds?: number;
  maxBodyBytes?: number;
  adminSecret?: string;
  readerSecret?: string;
  probeSecret?: string;
  /** Requests per rate-limit window for the probe client's tokens, a lower tier than the others' (default 20). */
  probeTierLimit?: number;
  /** Mutants and variants to switch on (specs/mutants.yaml, specs/variants.yaml); none by default. */
  deviations?: Iterable<DeviationName>;
}

export interface ReferenceClient {
  clientId: string;
  clientSecret: string;
}

export interface ReferenceService {
  /** Origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** The API base the suite is pointed at: origin + /accesscontrol */
  baseUrl: string;
  tokenUrl: string;
  issuer: TokenIssuer;
  store: Store;
  seed: {
    itwinId: string;
    otherItwinId: string;
    /** A group that is a member of the seeded iTwin before any client acts: nobody's fixture. */
    seededGroupId: string;
    seededRoleId: string;
  };
  clients: { admin: ReferenceClient; reader: ReferenceClient; probe: ReferenceClient };
  /** The deviations this instance runs with, and how often each changed an answer. */
  deviations: Deviations;
  close(): Promise<void>;
}

interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  caller: VerifiedToken;
  /** The access token as sent, for the echo-token-in-not-found mutant. */
  token: string;
}

type Handler = (ctx: RequestContext) => Promise<void> | void;

interface Route {
  pattern: string[];
  methods: Partial<Record<string, Handler>>;
}

export async function startReferenceService(options: ReferenceServiceOptions = {}): Promise<ReferenceService> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopback(host)) throw new Error(`the reference service listens on loopback only, not ${host}`);
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  const admin = { clientId: adminClientId, clientSecret: options.adminSecret ?? "conformance-admin-secret" };
  const reader = { clientId: "conformance-reader", clientSecret: options.readerSecret ?? "conformance-reader-secret" };
  // The rate-limit probe's client: an administrator on a low tier, so the probe reaches its limit in a few requests.
  const probe = { clientId: "conformance-probe", clientSecret: options.probeSecret ?? "conformance-probe-secret" };
  const probeTierLimit = options.probeTierLimit ?? 20;
  const registrations: ClientRegistration[] = [
    { ...admin, scopes: [platformScope] },
    { ...reader, scopes: [platformScope] },
    { ...probe, scopes: [platformScope] },
  ];

  const store = new Store();
  const itwin = store.addItwin("Conformance iTwin");
  const otherItwin = store.addItwin("Second conformance iTwin");
  for (const t of [itwin, otherItwin]) {
    store.grant(t, admin.clientId, adminPermissions);
    store.grant(t, reader.clientId, [permissions.read]);
    store.grant(t, probe.clientId, adminPermissions);
  }
  const seededRole = store.createRole(itwin, "Seeded role", "Present before any client acts.");
  const seededGroup = store.createGroup(itwin, "Seeded group", "A member before any client acts.");
  store.addGroupMember(itwin, seededGroup.id, [seededRole.id]);

  const deviations = new Deviations(options.deviations);
  const respond = new Responder(deviations, { ...answerHooks, ...rateLimitAnswerHooks });
  // For the retry-after-too-short and limit-never-lifts mutants: until when a limited token stays limited.
  const limitedUntil = new Map<string, number>();
  const limiter = new FixedWindowRateLimiter(options.rateLimit ?? { limit: 500, windowSeconds: 60 });
  const routes = apiRoutes(store, maxBodyBytes, deviations, respond, seededGroup.id);

  // Requests are handled once the token issuer exists: its name is the origin, known only after listen.
  const server: Server = createServer();

  async function handle(issuer: TokenIssuer, req: IncomingMessage, res: ServerResponse): Promise<void> {
    let segments = pathSegments(req.url ?? "/");
    if (deviations.has("traversal-reaches-group-delete")) {
      const resolved = resolvedPathSegments(req.url ?? "/");
      if (resolved && resolved.join("/") !== segments?.join("/")) {
        deviations.use("traversal-reaches-group-delete");
        segments = resolved;
      }
    }
    const method = req.method ?? "GET";
    if (segments?.[0] === ".well-known") return wellKnown(req, res, segments, issuer);
    if (segments?.join("/") === "connect/token") return tokenEndpoint(req, res, method, issuer, maxBodyBytes);
    if (segments?.[0] !== apiPrefix) {
      req.resume();
      return plain.error(res, errors.routeNotFound());
    }
    const api = segments.slice(1);
    const fail = (error: ApiError) => reject(req, res, error, respond, deviations);
    if (api[0] === "itwins" && !store.itwins.has(lower(api[1])) && deviations.on("not-found-before-auth"))
      return fail(errors.itwinNotFound());

    // Authentication is decided before anything else, so nothing about the
    // addressed resources is revealed to an unauthenticated caller.
    const authorization = req.headers.authorization;
    if (authorization === undefined) {
      const removal = api.length === 5 && api[0] === "itwins" && api[2] === "members" && api[3] === "groups";
      const unknownGroup = removal && store.itwins.get(lower(api[1]))?.groups.has(lower(api[4])) === false;
      if (unknownGroup && deviations.on("unknown-group-before-auth")) return fail(errors.groupNotFound());
      const unknownItwin = api[0] === "itwins" && api.length > 1 && !store.itwins.has(lower(api[1]));
      if (unknownItwin && deviations.on("401-reveals-unknown-itwin"))
        return fail({ ...errors.headerNotFound(), code: "ItwinNotFound" });
      return fail(errors.headerNotFound());
    }
    const token = bearerToken(authorization, deviations);
    const basicAccepted =
      token === undefined && /^Basic\s+\S+$/i.test(authorization) && deviations.on("basic-scheme-accepted");
    if (token === undefined && !basicAccepted) return fail(errors.invalidAuthorizationHeader());
    const caller = basicAccepted ? adminCaller : await authenticate(issuer, token!, deviations);
    if (!caller) return fail(errors.invalidToken());
    if (token === authorization) deviations.use("scheme-not-required");

    const limitKey = token ?? authorization;
    const stillLimited = (limitedUntil.get(limitKey) ?? 0) > Date.now();
    const decision = stillLimited
      ? ({ allowed: false, retryAfterSeconds: 1 } as const)
      : limiter.take(limitKey, caller.clientId === probe.clientId && limiter.limit > 0 ? probeTierLimit : undefined);
    if (!decision.allowed) {
      if (!stillLimited && deviations.on("retry-after-too-short"))
        limitedUntil.set(limitKey, Date.now() + (decision.retryAfterSeconds + 5) * 1000);
      if (!stillLimited && deviations.on("limit-never-lifts")) limitedUntil.set(limitKey, Number.POSITIVE_INFINITY);
      const retryAfterSeconds = deviations.has("retry-after-too-short") ? 1 : decision.retryAfterSeconds;
      return fail(errors.rateLimitExceeded(retryAfterSeconds));
    }

    const accept = req.headers.accept ?? "";
    if (!accept.includes(recommendedAccept) && deviations.on("recommended-accept-required"))
      return fail(errors.notAcceptable());

    const route = findRoute(routes, api);
    if (!route) return fail(errors.routeNotFound());
    const handler = route.route.methods[method];
    if (!handler)
      return fail(
        deviations.on("undeclared-method-answers-404")
          ? errors.routeNotFound()
          : errors.methodNotAllowed(Object.keys(route.route.methods)),
      );
    await handler({ req, res, params: route.params, caller, token: limitKey });
  }

  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  // Requests node's parser refuses (bad header bytes, oversized headers) still get a JSON error.
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy();
    const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
    const text = JSON.stringify(errorBody(errors.badRequest("The request could not be parsed as HTTP/1.1.")));
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? "Request Header Fields Too Large" : "Bad Request"}\r\n` +
        `Content-Type: ${jsonContentType}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const issuer = await TokenIssuer.create({
    issuer: origin,
    clients: registrations,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
  });
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    handle(issuer, req, res).catch(() => {
      // Never crash on a request: whatever went wrong, answer with a JSON error.
      if (!res.headersSent) plain.error(res, errors.internal());
      else res.destroy();
    });
  });

  return {
    origin,
    baseUrl: `${origin}/${apiPrefix}`,
    tokenUrl: `${origin}/connect/token`,
    issuer,
    store,
    seed: {
      itwinId: itwin.id,
      otherItwinId: otherItwin.id,
      seededGroupId: seededGroup.id,
      seededRoleId: seededRole.id,
    },
    clients: { admin, reader, probe },
    deviations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function reject(
  req: IncomingMessage,
  res: ServerResponse,
  rejected: ApiError,
  respond: Responder,
  deviations: Deviations,
): void {
  let error = rejected;
  req.resume();
  const headers = { ...error.headers };
  // RFC 6750 §3.1: without Bearer credentials (none, or another scheme) the challenge carries no error code.
  if (error.status === 401 && !deviations.on("no-www-authenticate")) {
    const bearer = /^Bearer\s/i.test(req.headers.authorization ?? "");
    headers["WWW-Authenticate"] = bearer
      ? 'Bearer realm="itwin-platform", error="invalid_token"'
      : 'Bearer realm="itwin-platform"';
  }
  const sent = req.headers.authorization ?? "";
  if (error.status === 401 && sent.length >= 8 && deviations.on("echo-credential-in-401"))
    error = { ...error, message: `${error.message} (received: ${sent})` };
  respond.error(res, { ...error, headers });
}

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

/** Which checks each authentication mutant leaves out. */
const relaxedChecks: [DeviationName, VerifyOptions][] = [
  ["scope-not-checked", { requireScope: false }],
  ["expired-token-accepted", { checkExpiry: false }],
  ["signature-not-checked", { checkSignature: false }],
  ["unsigned-token-accepted", { acceptUnsigned: true }],
];

/** The token of an Authorization header: its Bearer credential, or (scheme-not-required) a bare token. */
function bearerToken(authorization: string, deviations: Deviations): string | undefined {
  const bearer = /^Bearer[ ]+([^\s]+)\s*$/i.exec(authorization)?.[1];
  if (bearer) return bearer;
  return /^[^\s]+$/.test(authorization) && deviations.has("scheme-not-required") ? authorization : undefined;
}

/** The caller a token stands for, or undefined when it must be refused. */
async function authenticate(
  issuer: TokenIssuer,
  token: string,
  deviations: Deviations,
): Promise<VerifiedToken | undefined> {
  const verified = await issuer.verify(token);
  if (verified.ok) return verified.token;
  if (deviations.on("any-bearer-accepted")) return adminCaller;
  // A mutant counts as used only when leaving its check out let the token through.
  for (const [name, relaxed] of relaxedChecks) {
    if (!deviations.has(name)) continue;
    const again = await issuer.verify(token, relaxed);
    if (again.ok) {
      deviations.use(name);
      return again.token;
    }
  }
  return undefined;
}

/** The token endpoint, discovery and requests outside the API are not what is under test: never bent by deviations. */
const plain = new Responder();

function findRoute(routes: Route[], segments: string[]): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
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

function apiRoutes(
  store: Store,
  maxBodyBytes: number,
  deviations: Deviations,
  respond: Responder,
  seededGroupId: string,
): Route[] {
  const fail = (res: ServerResponse, error: ApiError) => respond.error(res, error);
  /** The iTwin the caller may see, or a 404 already sent. */
  const itwinFor = (ctx: RequestContext): Itwin | undefined => {
    const id = ctx.params.id ?? "";
    const itwin = isGuid(id) ? store.visibleItwin(id, ctx.caller.clientId) : undefined;
    if (!itwin && deviations.on("echo-token-in-not-found")) {
      fail(ctx.res, {
        ...errors.itwinNotFound(),
        code: `ItwinNotFound for ${ctx.token}`,
        message: `No iTwin ${id} for token ${ctx.token}.`,
      });
    } else if (!itwin) fail(ctx.res, errors.itwinNotFound());
    return itwin;
  };
  const allowed = (ctx: RequestContext, itwin: Itwin, permission: Permission): boolean => {
    if (store.can(itwin, ctx.caller.clientId, permission)) return true;
    fail(ctx.res, errors.insufficientPermissions());
    return false;
  };

  /** The JSON body of a write, or an error already sent. */
  const jsonBody = async (ctx: RequestContext, invalidCode: string): Promise<Record<string, unknown> | undefined> => {
    const type = ctx.req.headers["content-type"] ?? "";
    if (!isJsonMediaType(type)) {
      ctx.req.resume();
      fail(ctx.res, errors.unsupportedMediaType());
      return undefined;
    }
    const body = await readBody(ctx.req, maxBodyBytes);
    if (!body.ok) {
      ctx.res.setHeader("Connection", "close");
      fail(ctx.res, errors.payloadTooLarge(maxBodyBytes));
      return undefined;
    }
    try {
      const parsed: unknown = JSON.parse(body.text);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // reported below
    }
    fail(
      ctx.res,
      errors.invalidRequest(invalidCode, [{ code: "InvalidRequestBody", message: "The body must be a JSON object." }]),
    );
    return undefined;
  };
  const requireStrings = (
    ctx: RequestContext,
    body: Record<string, unknown>,
    code: string,
    names: string[],
  ): boolean => {
    const details = names
      .filter((name) => typeof body[name] !== "string" || (body[name] as string).length === 0)
      .map((name) =>
        body[name] === undefined
          ? { code: "MissingRequiredProperty", message: `${name} is missing.`, target: name }
          : { code: "InvalidProperty", message: `${name} must be a non-empty string.`, target: name },
      );
    if (details.length) fail(ctx.res, errors.invalidRequest(code, details));
    return details.length === 0;
  };

  return [
    {
      pattern: ["itwins", ":id", "members", "groups", ":groupId"],
      methods: {
        // The operation under test.
        DELETE: (ctx) => {
          ctx.req.resume();
          const groupId = lower(ctx.params.groupId);
          const rawIds = `${ctx.params.id ?? ""}/${ctx.params.groupId ?? ""}`;
          if (
            Math.max(ctx.params.id?.length ?? 0, ctx.params.groupId?.length ?? 0) > 256 &&
            deviations.on("long-id-answers-500")
          )
            return fail(ctx.res, errors.internal());
          if (/[A-F]/.test(rawIds) && isGuid(groupId) && deviations.on("uppercase-guid-answers-500"))
            return fail(ctx.res, errors.internal());
          if (/[A-F]/.test(ctx.params.id ?? "") && deviations.on("ids-case-sensitive"))
            return fail(ctx.res, errors.itwinNotFound());
          if (/[A-F]/.test(ctx.params.groupId ?? "") && deviations.on("ids-case-sensitive"))
            return fail(ctx.res, errors.groupNotFound());
          if (deviations.has("itwin-id-ignored") && !store.visibleItwin(lower(ctx.params.id), ctx.caller.clientId)) {
            const holder = [...store.itwins.values()].find((t) => t.groupMembers.has(groupId));
            if (holder && deviations.on("itwin-id-ignored"))
              return void (store.removeGroupMember(holder, groupId), respond.noContent(ctx.res));
          }
          if (
            deviations.has("unknown-itwin-answers-204") &&
            !store.visibleItwin(lower(ctx.params.id), ctx.caller.clientId)
          ) {
            return void (deviations.use("unknown-itwin-answers-204"), respond.noContent(ctx.res));
          }
          if (!isGuid(groupId) && deviations.on("malformed-id-answers-500")) return fail(ctx.res, errors.internal());
          const itwin = itwinFor(ctx);
          if (!itwin) return;
          if (!store.can(itwin, ctx.caller.clientId, permissions.removeMember)) {
            const member = itwin.groupMembers.has(groupId);
            if (!(member && deviations.on("unprivileged-can-remove"))) {
              if (deviations.on("unprivileged-answers-403")) return fail(ctx.res, errors.insufficientPermissions());
              if (deviations.on("unprivileged-answers-401")) return fail(ctx.res, errors.notPermitted());
              // An identity without the permission learns nothing more than an unknown iTwin would tell it.
              return fail(ctx.res, errors.itwinNotFound());
            }
          }
          if (!itwin.groups.has(groupId)) {
            if (deviations.has("other-itwin-path-honoured")) {
              const holder = [...store.itwins.values()].find((t) => t !== itwin && t.groupMembers.has(groupId));
              if (holder && deviations.on("other-itwin-path-honoured"))
                return void (store.removeGroupMember(holder, groupId), respond.noContent(ctx.res));
            }
            if (deviations.on("unknown-group-answers-204")) return respond.noContent(ctx.res);
            if (deviations.on("echo-token-in-message"))
              return fail(ctx.res, {
                ...errors.groupNotFound(),
                message: `Requested group is not available to the token ${ctx.token}.`,
              });
            return fail(
              ctx.res,
              deviations.on("unknown-group-answers-500") ? errors.internal() : errors.groupNotFound(),
            );
          }
          if (
            /[A-F]/.test(ctx.params.groupId ?? "") &&
            itwin.groupMembers.has(groupId) &&
            deviations.has("uppercase-guid-removes-another")
          ) {
            const other = [...itwin.groupMembers.keys()].reverse().find((id) => id !== groupId);
            if (other && deviations.on("uppercase-guid-removes-another"))
              return void (store.removeGroupMember(itwin, other), respond.noContent(ctx.res));
          }
          if (!itwin.groupMembers.has(groupId)) {
            return deviations.on("non-member-answers-204")
              ? respond.noContent(ctx.res)
              : fail(ctx.res, errors.teamMemberNotFound());
          }
          removeMembership(store, itwin, groupId, deviations, seededGroupId);
          if (deviations.on("remove-answers-200-with-body")) return respond.json(ctx.res, 200, { removed: groupId });
          if (deviations.on("remove-answers-202")) return respond.json(ctx.res, 202, {});
          if (deviations.on("remove-204-with-content")) return noContentAnnouncingContent(ctx.res);
          if (deviations.on("remove-204-with-bytes")) return noContentThenBytes(ctx.res);
          respond.noContent(ctx.res);
        },
        GET: (ctx) => {
          ctx.req.resume();
          const itwin = itwinFor(ctx);
          if (!itwin) return;
          const member = store.memberView(itwin, lower(ctx.params.groupId));
          if (!member) return fail(ctx.res, errors.teamMemberNotFound());
          respond.json(ctx.res, 200, { member });
        },
        // Not used by the suite; present so that the methods of this URL are the API's (Allow: DELETE, GET, PATCH).
        PATCH: async (ctx) => {
          const itwin = itwinFor(ctx);
          if (!itwin) return void ctx.req.resume();
          if (!allowed(ctx, itwin, permissions.inviteMember)) return void ctx.req.resume();
          const body = await jsonBody(ctx, "InvalidiTwinsMemberRequest");
          if (!body) return;
          const roleIds = body.roleIds;
          if (!Array.isArray(roleIds) || !roleIds.length || !roleIds.every((r) => typeof r === "string")) {
            return fail(
              ctx.res,
              errors.invalidRequest("InvalidiTwinsMemberRequest", [
                { code: "InvalidValue", message: "roleIds must be a non-empty list of role ids.", target: "roleIds" },
              ]),
            );
          }
          const groupId = lower(ctx.params.groupId);
          if (!itwin.groupMembers.has(groupId)) return fail(ctx.res, errors.teamMemberNotFound());
          const wanted = (roleIds as string[]).map(lower);
          if (wanted.some((r) => !itwin.roles.has(r))) return fail(ctx.res, errors.roleNotFound());
          itwin.groupMembers.set(groupId, [...new Set(wanted)]);
          respond.json(ctx.res, 200, { member: store.memberView(itwin, groupId) });
        },
      },
    },
    {
      pattern: ["itwins", ":id", "members", "groups"],
      methods: {
        POST: async (ctx) => {
          const itwin = itwinFor(ctx);
          if (!itwin) return void ctx.req.resume();
          if (!allowed(ctx, itwin, permissions.inviteMember)) return void ctx.req.resume();
          const body = await jsonBody(ctx, "InvalidiTwinsMemberRequest");
          if (!body) return;
          const members = body.members;
          const valid =
            Array.isArray(members) &&
            members.length > 0 &&
            members.every(
              (m: unknown) =>
                !!m &&
                typeof (m as { groupId?: unknown }).groupId === "string" &&
                Array.isArray((m as { roleIds?: unknown }).roleIds) &&
                (m as { roleIds: unknown[] }).roleIds.length > 0 &&
                (m as { roleIds: unknown[] }).roleIds.every((r) => typeof r === "string"),
            );
          if (!valid) {
            return fail(
              ctx.res,
              errors.invalidRequest("InvalidiTwinsMemberRequest", [
                {
                  code: "InvalidValue",
                  message: "members must be a non-empty list of { groupId, roleIds: [at least one role id] }.",
                  target: "members",
                },
              ]),
            );
          }
          const wanted = (members as { groupId: string; roleIds: string[] }[]).map((m) => ({
            groupId: m.groupId.toLowerCase(),
            roleIds: m.roleIds.map((r) => r.toLowerCase()),
          }));
          if (wanted.reduce((n, m) => n + m.roleIds.length, 0) > 50) {
            return fail(
              ctx.res,
              errors.invalidRequest("InvalidiTwinsMemberRequest", [
                {
                  code: "InvalidValue",
                  message: "At most 50 role assignments may be made at once.",
                  target: "members",
                },
              ]),
            );
          }
          if (wanted.some((m) => !itwin.groups.has(m.groupId))) return fail(ctx.res, errors.groupNotFound());
          if (wanted.some((m) => m.roleIds.some((r) => !itwin.roles.has(r))))
            return fail(ctx.res, errors.roleNotFound());
          for (const m of wanted) store.addGroupMember(itwin, m.groupId, m.roleIds);
          respond.json(ctx.res, 201, { members: wanted.map((m) => store.memberView(itwin, m.groupId)) });
        },
      },
    },
    {
      pattern: ["itwins", ":id", "groups"],
      methods: {
        GET: (ctx) => {
          ctx.req.resume();
          const itwin = itwinFor(ctx);
          if (!itwin) return;
          respond.json(ctx.res, 200, {
            groups: [...itwin.groups.values()].map((group) => store.groupView(itwin, group)),
          });
        },
        POST: async (ctx) => {
          const itwin = itwinFor(ctx);
          if (!itwin) return void ctx.req.resume();
          if (!allowed(ctx, itwin, permissions.manageGroups)) return void ctx.req.resume();
          const body = await jsonBody(ctx, "InvalidiTwinsGroupRequest");
          if (!body || !requireStrings(ctx, body, "InvalidiTwinsGroupRequest", ["name", "description"])) return;
          const group = store.createGroup(itwin, body.name as string, body.description as string);
          respond.json(ctx.res, 201, { group: store.groupView(itwin, group) });
        },
      },
    },
    {
      pattern: ["itwins", ":id", "groups", ":groupId"],
      methods: {
        GET: (ctx) => {
          ctx.req.resume();
          const itwin = itwinFor(ctx);
          if (!itwin) return;
          const group = itwin.groups.get(lower(ctx.params.groupId));
          if (!group) return fail(ctx.res, errors.groupNotFound());
          respond.json(ctx.res, 200, { group: store.groupView(itwin, group) });
        },
        DELETE: (ctx) => {
          ctx.req.resume();
          const itwin = itwinFor(ctx);
          if (!itwin || !allowed(ctx, itwin, permissions.manageGroups)) return;
          if (!store.deleteGroup(itwin, lower(ctx.params.groupId))) return fail(ctx.res, errors.groupNotFound());
          respond.noContent(ctx.res);
        },
      },
    },
    {
      pattern: ["itwins", ":id", "roles"],
      methods: {
        GET: (ctx) => {
          ctx.req.resume();
          const itwin = itwinFor(ctx);
          if (!itwin) return;
          respond.json(ctx.res, 200, { roles: [...itwin.roles.values()] });
        },
        POST: async (ctx) => {
          const itwin = itwinFor(ctx);
          if (!itwin) return void ctx.req.resume();
          if (!allowed(ctx, itwin, permissions.manageRoles)) return void ctx.req.resume();
          const body = await jsonBody(ctx, "InvalidiTwinsRoleRequest");
          if (!body || !requireStrings(ctx, body, "InvalidiTwinsRoleRequest", ["displayName", "description"])) return;
          const role = store.createRole(itwin, body.displayName as string, body.description as string);
          respond.json(ctx.res, 201, { role });
        },
      },
    },
    {
      pattern: ["itwins", ":id", "roles", ":roleId"],
      methods: {
        DELETE: (ctx) => {
          ctx.req.resume();
          const itwin = itwinFor(ctx);
          if (!itwin || !allowed(ctx, itwin, permissions.manageRoles)) return;
          if (!store.deleteRole(itwin, lower(ctx.params.roleId))) return fail(ctx.res, errors.roleNotFound());
          respond.noContent(ctx.res);
        },
      },
    },
  ];
}

/** The membership ends, and with the removal mutants whatever else they take with it. */
function removeMembership(
  store: Store,
  itwin: Itwin,
  groupId: string,
  deviations: Deviations,
  seededGroupId: string,
): void {
  if (deviations.on("remove-does-nothing")) return;
  if (deviations.on("remove-deletes-group")) return void store.deleteGroup(itwin, groupId);
  if (deviations.on("remove-ends-all-memberships")) return itwin.groupMembers.clear();
  // Never the seeded membership: which test ran first must not decide what these mutants do.
  const newestOther = [...itwin.groupMembers.keys()].filter((id) => id !== groupId && id !== seededGroupId).pop();
  if (newestOther && deviations.on("remove-ends-newest-membership-instead"))
    return void store.removeGroupMember(itwin, newestOther);
  if (newestOther && deviations.on("remove-also-ends-newest-membership")) store.removeGroupMember(itwin, newestOther);
  store.removeGroupMember(itwin, groupId);
}

/** remove-204-with-content: node sends no body with a 204 whatever the headers say, so only the headers lie. */
function noContentAnnouncingContent(res: ServerResponse): void {
  res.writeHead(204, { "Content-Type": "application/json", "Content-Length": "2" });
  res.end();
}

/** remove-204-with-bytes: a 204 followed by bytes no header announces, written to the socket since node would not send them. */
function noContentThenBytes(res: ServerResponse): void {
  const socket = res.socket;
  if (!socket) return void res.end();
  res.detachSocket(socket);
  socket.end('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n{"removed":true}');
}

/** OpenID discovery and the signing key, so any client can verify the tokens offline. */
function wellKnown(req: IncomingMessage, res: ServerResponse, segments: string[], issuer: TokenIssuer): void {
  req.resume();
  const name = segments.slice(1).join("/");
  if (name === "jwks.json") return plain.json(res, 200, { keys: [issuer.publicJwk] });
  if (name === "openid-configuration") {
    return plain.json(res, 200, {
      issuer: issuer.issuer,
      token_endpoint: `${issuer.issuer}/connect/token`,
      jwks_uri: `${issuer.issuer}/.well-known/jwks.json`,
      grant_types_supported: ["client_credentials"],
      scopes_supported: [platformScope],
    });
  }
  plain.error(res, errors.routeNotFound());
}

/** RFC 6749 §4.4 client-credentials grant; client authentication by form fields or HTTP Basic. */
async function tokenEndpoint(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  issuer: TokenIssuer,
  limit: number,
): Promise<void> {
  const oauthError = (status: number, error: string, description: string) =>
    plain.json(res, status, { error, error_description: description }, { "Cache-Control": "no-store" });
  if (method !== "POST") {
    req.resume();
    return plain.json(res, 405, { error: "invalid_request", error_description: "Use POST." }, { Allow: "POST" });
  }
  const body = await readBody(req, limit);
  if (!body.ok) return oauthError(413, "invalid_request", "The request body is too large.");
  const form = new URLSearchParams(body.text);
  let clientId = form.get("client_id") ?? undefined;
  let clientSecret = form.get("client_secret") ?? undefined;
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers.authorization ?? "");
  if (basic?.[1]) {
    const [id, secret] = Buffer.from(basic[1], "base64").toString("utf8").split(":");
    clientId = decodeURIComponent(id ?? "");
    clientSecret = decodeURIComponent(secret ?? "");
  }
  if (form.get("grant_type") !== "client_credentials") {
    return oauthError(400, "unsupported_grant_type", "Only client_credentials is supported.");
  }
  const result = await issuer.grant({ clientId, clientSecret, scope: form.get("scope") ?? undefined });
  if (!result.ok) return oauthError(result.status, result.error, result.description);
  plain.json(
    res,
    200,
    { access_token: result.accessToken, token_type: "Bearer", expires_in: result.expiresIn, scope: result.scope },
    { "Cache-Control": "no-store" },
  );
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
