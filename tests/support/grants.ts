import type { ReferenceService } from "../../src/reference-service/service";

/** Counts the client-credentials grants the service answers, by client. */
export function countGrants(service: ReferenceService): Map<string, number> {
  const counts = new Map<string, number>();
  const grant = service.issuer.grant.bind(service.issuer);
  service.issuer.grant = async (request) => {
    if (request.clientId) counts.set(request.clientId, (counts.get(request.clientId) ?? 0) + 1);
    return grant(request);
  };
  return counts;
}
