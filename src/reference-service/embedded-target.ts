import { requestClientCredentialsToken } from "../auth/client-credentials";
import { platformScope } from "./auth";
import type { DeviationName } from "./deviations/switchboard";
import { startReferenceService, type ReferenceService } from "./service";

/** The rate limit of an embedded target: low enough for the probe to reach in a few batches, high enough for the rest of a run. */
export const embeddedRateLimit = { limit: 100, windowSeconds: 1 };

export interface EmbeddedTarget {
  service: ReferenceService;
  baseUrl: string;
  itwinId: string;
  adminToken: string;
  /** The rate-limit probe's token, of a client on a low tier: its 429s throttle nothing else and come after a few requests. */
  probeToken: string;
  expiredToken: string;
  noScopeToken: string;
  /** The reader client's: it sees the iTwin but may not remove members. */
  unprivilegedToken: string;
  /** The second seeded iTwin, which the admin administers too. */
  otherItwinId: string;
}

/**
 * Starts the reference service on a free loopback port as a conformance
 * target, with the tokens a run needs: the admin's, the probe's and the
 * reader's (an unprivileged identity) through the client-credentials grant (as
 * a real client gets them), an expired one and one without the itwin-platform
 * scope minted by its issuer.
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
    const [admin, probe, reader] = await Promise.all([
      grant(service.clients.admin),
      grant(service.clients.probe),
      grant(service.clients.reader),
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
      unprivilegedToken: reader.accessToken,
      otherItwinId: service.seed.otherItwinId,
    };
  } catch (error) {
    await service.close();
    throw error;
  }
}
