import { request as httpRequest } from "node:http";
import type { RequestGate, ReleaseTurn, TrafficStats } from "../client/request-gate";
import { Admission, type AdmissionOptions } from "./admission";
import { serveClaims, type ClaimServer } from "./claim-server";

/**
 * The run's request gate, served on loopback by the process that starts the
 * run, so that every worker's requests share one concurrency limit and one
 * pace (src/suite/admission.ts). A turn is an open request: the gate answers
 * when the turn begins, and the worker ends it by sending the answer's status
 * as the request body. A worker that dies closes the connection, which ends
 * its turn too.
 */
export interface RequestGateServer extends ClaimServer {
  stats(): TrafficStats;
}

export async function startRequestGate(options: AdmissionOptions): Promise<RequestGateServer> {
  const admission = new Admission(options);
  const server = await serveClaims((req, res) => {
    const kind = new URL(req.url ?? "/", "http://gate").searchParams.get("kind");
    if (kind !== "check" && kind !== "probe") return void res.writeHead(400).end("kind: check or probe\n");
    let admitted = false;
    let ended = false;
    let body = "";
    const end = (answer?: { status: number; retryAfterSeconds?: number }) => {
      if (ended) return;
      ended = true;
      if (!admitted) return withdraw();
      if (kind === "check") admission.finished(answer);
      res.end();
    };
    const withdraw = admission.request(kind, () => {
      admitted = true;
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.write("go\n");
    });
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body = (body + chunk).slice(0, 100)));
    req.on("end", () => end(parseAnswer(body)));
    res.on("close", () => end());
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
      new Promise<ReleaseTurn>((resolve, reject) => {
        const request = httpRequest(`${url}?kind=${kind}`, {
          method: "POST",
          agent: false,
          headers: { "Content-Type": "text/plain", "Transfer-Encoding": "chunked" },
        });
        request.on("response", (response) => {
          if (response.statusCode !== 200) {
            response.resume();
            request.destroy();
            return reject(new Error(`the run's request gate answered ${response.statusCode}`));
          }
          response.resume();
          let released = false;
          resolve((answer) => {
            if (released) return;
            released = true;
            request.end(answer ? `${answer.status} ${answer.retryAfterSeconds ?? ""}` : "");
          });
        });
        request.on("error", (error) => reject(new Error(`the run's request gate cannot be reached: ${error.message}`)));
        request.flushHeaders();
      }),
  };
}
