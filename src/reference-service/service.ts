import { jsonContentType } from "../core/media-types";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { TokenIssuer } from "./auth";
import { deviationHooks } from "./deviations/catalog";
import { Deviations, type DeviationName } from "./deviations/switchboard";
import { errorBody, errors } from "./errors";
import { AuthenticationStage } from "./pipeline/authenticate";
import { requestPipeline } from "./pipeline/pipeline";
import { FixedWindowRateLimiter, RateLimitStage, type RateLimitOptions } from "./pipeline/rate-limit";
import { rejecter } from "./pipeline/reject";
import { RouteStages } from "./pipeline/route-stages";
import { apiPrefix, Router } from "./pipeline/router";
import { groupRoutes } from "./resources/groups";
import { memberRoutes } from "./resources/members";
import { permissionRoutes } from "./resources/permissions";
import { roleRoutes } from "./resources/roles";
import { Responder } from "./responder";
import {
  referenceClients,
  registrations,
  seedStore,
  type ReferenceClient,
  type ReferenceClients,
  type Seed,
  type SeedOptions,
} from "./seed";
import type { IdSource } from "./ids";
import { Store } from "./store";

export { apiPrefix };
export type { ReferenceClient };

export interface ReferenceServiceOptions {
  /** Loopback only; the default is 127.0.0.1. */
  host?: string;
  /** 0 (the default) takes a free port. */
  port?: number;
  rateLimit?: RateLimitOptions;
  tokenLifetimeSeconds?: number;
  maxBodyBytes?: number;
  /** The clients' secrets, instead of the development defaults. */
  secrets?: Partial<Record<keyof ReferenceClients, string>>;
  /** Requests per rate-limit window for the probe client's tokens, a lower tier than the others' (default 20). */
  probeTierLimit?: number;
  /** Makes every id of the instance (src/reference-service/ids.ts); random ids by default. */
  newId?: IdSource;
  /** What to seed beyond the two iTwins and their clients; by default one member group and no other group. */
  seed?: SeedOptions;
  /** Mutants and variants to switch on (specs/mutants.yaml, specs/variants.yaml); none by default. */
  deviations?: Iterable<DeviationName>;
}

export interface ReferenceService {
  /** Origin, e.g. http://127.0.0.1:41234 */
  origin: string;
  /** The API base the suite is pointed at: origin + /accesscontrol */
  baseUrl: string;
  tokenUrl: string;
  issuer: TokenIssuer;
  store: Store;
  seed: Seed;
  clients: ReferenceClients;
  /** The deviations this instance runs with, and how often each changed an answer. */
  deviations: Deviations;
  close(): Promise<void>;
}

export async function startReferenceService(options: ReferenceServiceOptions = {}): Promise<ReferenceService> {
  const host = options.host ?? "127.0.0.1";
  if (!isLoopback(host)) throw new Error(`the reference service listens on loopback only, not ${host}`);
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
  const clients = referenceClients(options.secrets ?? {});
  const store = new Store(options.newId);
  const seed = seedStore(store, clients, options.seed);

  const deviations = new Deviations(options.deviations);
  const hooks = deviationHooks();
  const respond = new Responder(deviations, hooks.answers);
  const stages = new RouteStages(store, respond, deviations, hooks.itwins, maxBodyBytes);
  const router = new Router(
    stages.table([
      ...memberRoutes(store, deviations, hooks.removal, seed.seededGroupId),
      ...groupRoutes(store),
      ...roleRoutes(store),
      ...permissionRoutes(),
    ]),
    deviations,
    hooks.routing,
  );
  const rateLimit = new RateLimitStage(
    new FixedWindowRateLimiter(options.rateLimit ?? { limit: 500, windowSeconds: 60 }),
    new Map([[clients.probe.clientId, options.probeTierLimit ?? 20]]),
    deviations,
    hooks.rateLimit,
  );

  // Requests are handled once the token issuer exists: its name is the origin, known only after listen.
  const server: Server = createServer();
  const sockets = new Set<Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("clientError", answerUnparsable);
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
    clients: registrations(clients),
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
  });
  const handle = requestPipeline({
    issuer,
    store,
    authentication: new AuthenticationStage(issuer, deviations, hooks.authentication),
    rateLimit,
    router,
    reject: rejecter(respond, deviations, hooks.refusals),
    maxBodyBytes,
  });
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch(() => {
      // Never crash on a request: whatever went wrong, answer with a JSON error.
      if (!res.headersSent) new Responder().error(res, errors.internal());
      else res.destroy();
    });
  });

  return {
    origin,
    baseUrl: `${origin}/${apiPrefix}`,
    tokenUrl: `${origin}/connect/token`,
    issuer,
    store,
    seed,
    clients,
    deviations,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Requests node's parser refuses (bad header bytes, oversized headers) still get a JSON error. */
function answerUnparsable(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable) return void socket.destroy();
  const status = error.code === "HPE_HEADER_OVERFLOW" ? 431 : 400;
  const text = JSON.stringify(errorBody(errors.badRequest("The request could not be parsed as HTTP/1.1.")));
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? "Request Header Fields Too Large" : "Bad Request"}\r\n` +
      `Content-Type: ${jsonContentType}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
