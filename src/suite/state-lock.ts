import { get, type ServerResponse } from "node:http";
import { serveClaims, type ClaimServer } from "./claim-server";

/**
 * A readers-writer lock shared by every worker of a run, so that what a test
 * reads back of the target's state can change only through its own requests.
 * A test whose removals succeed, and the clean-up that removes what a test
 * made, hold it alone: a broken implementation's removal may end a membership
 * other than the one it names, and must not end one that another test is
 * watching. Every other test that works with memberships holds it shared.
 *
 * The process that starts the run serves it on loopback. A holder keeps its
 * request open and gives the lock back by closing the connection, so a worker
 * that dies never keeps it.
 */
export type LockMode = "shared" | "exclusive";

export type StateLockServer = ClaimServer;

interface Claim {
  mode: LockMode;
  res: ServerResponse;
}

export async function startStateLock(): Promise<StateLockServer> {
  const waiting: Claim[] = [];
  const holding = new Set<Claim>();
  // First come, first served: a waiting exclusive claim stops later shared ones, so it is never starved.
  const grant = () => {
    while (waiting.length) {
      const next = waiting[0]!;
      const exclusiveHeld = [...holding].some((c) => c.mode === "exclusive");
      if (exclusiveHeld || (next.mode === "exclusive" && holding.size > 0)) return;
      waiting.shift();
      holding.add(next);
      next.res.writeHead(200, { "Content-Type": "text/plain" });
      next.res.write("granted\n");
    }
  };
  return serveClaims((req, res) => {
    const mode = new URL(req.url ?? "/", "http://lock").searchParams.get("mode");
    if (mode !== "shared" && mode !== "exclusive") return void res.writeHead(400).end("mode: shared or exclusive\n");
    const claim: Claim = { mode, res };
    waiting.push(claim);
    res.on("close", () => {
      const index = waiting.indexOf(claim);
      if (index >= 0) waiting.splice(index, 1);
      holding.delete(claim);
      grant();
    });
    grant();
  });
}

/** Waits for the lock; the function it resolves with gives it back. */
export function acquireStateLock(url: string, mode: LockMode): Promise<() => void> {
  return new Promise((resolve, reject) => {
    const request = get(`${url}?mode=${mode}`, { agent: false }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        request.destroy();
        return reject(new Error(`the run's state lock answered ${response.statusCode}`));
      }
      resolve(() => request.destroy());
    });
    request.on("error", (error) => reject(new Error(`the run's state lock cannot be reached: ${error.message}`)));
  });
}
