import { claim, serveClaims, type ClaimServer } from "./claim-server";

/**
 * A readers-writer lock shared by every worker of a run, so that what a test
 * reads back of the target's state can change only through its own requests.
 * A test whose removals succeed, and the clean-up that removes what a test
 * made, hold it alone: a broken implementation's removal may end a membership
 * other than the one it names, and must not end one that another test is
 * watching. Every other test that works with memberships holds it shared.
 *
 * The process that starts the run serves it on loopback (claim-server.ts);
 * a worker that dies never keeps it.
 */
export type LockMode = "shared" | "exclusive";

export type StateLockServer = ClaimServer;

interface Claim {
  mode: LockMode;
  grant: () => void;
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
      next.grant();
    }
  };
  return serveClaims((mode, grantClaim) => {
    if (mode !== "shared" && mode !== "exclusive") return "mode: shared or exclusive";
    const claim: Claim = { mode, grant: grantClaim };
    waiting.push(claim);
    grant();
    return {
      end: () => {
        const index = waiting.indexOf(claim);
        if (index >= 0) waiting.splice(index, 1);
        holding.delete(claim);
        grant();
      },
    };
  });
}

/** Waits for the lock; the function it resolves with gives it back. */
export function acquireStateLock(url: string, mode: LockMode): Promise<() => void> {
  return claim(url, mode, "the run's state lock").then((end) => () => end());
}
