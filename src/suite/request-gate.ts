import type { RequestGate, ReleaseTurn, TrafficStats } from "../client/request-gate";
import { Admission, type AdmissionOptions } from "./admission";
import { claim, serveClaims, type ClaimServer } from "./claim-server";

/**
 * The run's request gate, served on loopback by the process that starts the
 * run, so that every worker's requests share one concurrency limit and one
 * pace (src/suite/admission.ts). A turn is a claim (claim-server.ts): the
 * gate grants it when the turn begins, and the worker ends it with the
 * answer's status. A worker that dies ends its turns too.
 */
export interface RequestGateServer extends ClaimServer {
  stats(): TrafficStats;
}

export async function startRequestGate(options: AdmissionOptions): Promise<RequestGateServer> {
  const admission = new Admission(options);
  const server = await serveClaims((kind, grant) => {
    if (kind !== "check" && kind !== "probe") return "kind: check or probe";
    let admitted = false;
    const withdraw = admission.request(kind, () => {
      admitted = true;
      grant();
    });
    return {
      end: (answer) => {
        if (!admitted) return withdraw();
        if (kind === "check") admission.finished(parseAnswer(answer ?? ""));
      },
    };
  });
  return {
    url: server.url,
    stats: () => ({ ...admission.stats }),
    close: async () => {
      admission.close();
      await server.close();
    },
  };
}

/** "<status> <retry-after seconds>", as a turn's end sends it. */
function parseAnswer(body: string): { status: number; retryAfterSeconds?: number } | undefined {
  const [status, retryAfter] = body.trim().split(" ").map(Number);
  if (!status) return undefined;
  return { status, ...(Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {}) };
}

/** A worker's way through the run's gate at `url`. */
export function remoteGate(url: string): RequestGate {
  return {
    pass: (kind) =>
      claim(url, kind, "the run's request gate").then(
        (end): ReleaseTurn =>
          (answer) =>
            end(answer ? `${answer.status} ${answer.retryAfterSeconds ?? ""}` : ""),
      ),
  };
}
