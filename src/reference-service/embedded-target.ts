import { requestClientCredentialsToken } from "../auth/client-credentials";
import { platformScope } from "./auth";
import type { DeviationName } from "./deviations/switchboard";
import type { IdentityKey } from "../settings/identities";
import type { IdentityToken } from "../settings/run-context";
import type { ReferenceClients } from "./seed";
import { startReferenceService, type ReferenceService } from "./service";

/** The client of the reference service that is each identity. */
export const identityClients: Record<IdentityKey, keyof ReferenceClients> = {
  unprivileged: "reader",
  remover: "remover",
  orgAdmin: "orgAdmin",
};

/**
 * The rate limit of an embedded target's clients. The probe has a tier of its
 * own (20 per window), so this one only has to stay out of the run's way:
 * a thousand a second, which the exploration's bursts of requests never reach,
 * where a hundred made the run wait out a Retry-After several times.
 */
export const embeddedRateLimit = { limit: 1000, windowSeconds: 1 };

export interface EmbeddedTarget {
  service: ReferenceService;
  baseUrl: string;
  itwinId: string;
  adminToken: string;
  /** The rate-limit probe's token, of a client on a low tier: its 429s throttle nothing else and come after a few requests. */
  probeToken: string;
  expiredToken: string;
  noScopeToken: string;
  /** A token of each identity of src/settings/identities.ts, from the client of the service that is it. */
  identities: Record<IdentityKey, IdentityToken>;
  /** The second seeded iTwin, which the admin administers too. */
  otherItwinId: string;
}

/**
 * Starts the reference service on a free loopback port as a conformance
 * target, with the tokens a run needs: the admin's, the probe's and each
 * identity's (the reader is the unprivileged one) through the
 * client-credentials grant (as a real client gets them), an expired one and
 * one without the itwin-platform scope minted by its issuer.
 */
export async function startEmbeddedTarget(
  options: { deviations?: Iterable<DeviationName>; tokenLifetimeSeconds?: number } = {},
): Promise<EmbeddedTarget> {
  const service = await startReferenceService({
    rateLimit: embeddedRateLimit,
    deviations: options.deviations,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds,
  });
  try {
    const grant = (client: { clientId: string; clientSecret: string }) =>
      requestClientCredentialsToken({ tokenUrl: service.tokenUrl, ...client, scope: platformScope, timeoutMs: 5000 });
    const keys = Object.keys(identityClients) as IdentityKey[];
    const [admin, probe, ...granted] = await Promise.all([
      grant(service.clients.admin),
      grant(service.clients.probe),
      ...keys.map((key) => grant(service.clients[identityClients[key]])),
    ]);
    const { clientId } = service.clients.admin;
    return {
      service,
      baseUrl: service.baseUrl,
      itwinId: service.seed.itwinId,
      adminToken: admin.accessToken,
      probeToken: probe.accessToken,
      expiredToken: await service.issuer.mint({ clientId, scopes: [platformScope], lifetimeSeconds: -120 }),
      noScopeToken: await service.issuer.mint({ clientId, scopes: ["openid"], lifetimeSeconds: 600 }),
      identities: Object.fromEntries(keys.map((key, n) => [key, { token: granted[n]!.accessToken }])) as Record<
        IdentityKey,
        IdentityToken
      >,
      otherItwinId: service.seed.otherItwinId,
    };
  } catch (error) {
    await service.close();
    throw error;
  }
}
