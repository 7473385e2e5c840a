import { expect, test } from "@playwright/test";
import { Admission, tierShare } from "../../src/suite/admission";
import { remoteGate, startRequestGate } from "../../src/suite/request-gate";

// The run's request gate: concurrency, pacing and 429s, for every worker at once.

/** Admits `count` checks, each released at once; returns when each was admitted, in ms from the start. */
async function admitInTurn(admission: Admission, count: number): Promise<number[]> {
  const started = Date.now();
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<number>((resolve) =>
          admission.request("check", () => {
            resolve(Date.now() - started);
            admission.finished({ status: 204 });
          }),
        ),
    ),
  );
}

test("without pacing, checks are admitted at once", async () => {
  const admission = new Admission({ concurrency: 4 });
  const times = await admitInTurn(admission, 20);
  expect(Math.max(...times)).toBeLessThan(500);
  expect(admission.stats.requests).toBe(20);
});

test("paced checks are spaced so that no minute holds more than the tier's share", async () => {
  const requestsPerMinute = 3000;
  const admission = new Admission({ concurrency: 4, requestsPerMinute });
  const times = await admitInTurn(admission, 6);
  const spacing = 60_000 / (requestsPerMinute * tierShare);
  // Timers fire late, never early: each admission comes a whole spacing after the one before.
  times.slice(1).forEach((time, i) => expect(time - times[i]!).toBeGreaterThanOrEqual(spacing - 1));
});

test("no more checks are in flight than the concurrency allows", async () => {
  const admission = new Admission({ concurrency: 2 });
  const admitted: number[] = [];
  for (const n of [1, 2, 3]) admission.request("check", () => admitted.push(n));
  expect(admitted).toEqual([1, 2]);
  admission.finished({ status: 204 });
  expect(admitted).toEqual([1, 2, 3]);
  expect(admission.stats.mostInFlight).toBe(2);
});

test("a 429 holds every check back for its Retry-After, and is counted", async () => {
  const admission = new Admission({ concurrency: 2 });
  admission.request("check", () => {});
  admission.finished({ status: 429, retryAfterSeconds: 1 });
  const started = Date.now();
  await new Promise<void>((resolve) => admission.request("check", () => resolve()));
  expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  expect(admission.stats.throttled).toBe(1);
});

test("the rate-limit probe is neither paced nor held back, and is counted apart", async () => {
  const admission = new Admission({ concurrency: 1, requestsPerMinute: 1 });
  admission.request("check", () => {});
  let probed = 0;
  for (let n = 0; n < 5; n++) admission.request("probe", () => probed++);
  expect(probed).toBe(5);
  expect(admission.stats).toEqual({ requests: 6, probeRequests: 5, throttled: 0, mostInFlight: 1 });
});

test("a request withdrawn while waiting is never admitted", async () => {
  const admission = new Admission({ concurrency: 1 });
  admission.request("check", () => {});
  let admitted = false;
  const withdraw = admission.request("check", () => (admitted = true));
  withdraw();
  admission.finished({ status: 204 });
  expect(admitted).toBe(false);
  expect(admission.stats.requests).toBe(1);
});

test("over loopback: a turn ends with the answer's status, which the run's traffic counts", async () => {
  const server = await startRequestGate({ concurrency: 1 });
  try {
    const gate = remoteGate(server.url);
    const first = await gate.pass("check");
    const waiting = gate.pass("check");
    first({ status: 429, retryAfterSeconds: 1 });
    const second = await waiting;
    second();
    await expect.poll(() => server.stats()).toEqual({ requests: 2, probeRequests: 0, throttled: 1, mostInFlight: 1 });
  } finally {
    await server.close();
  }
});
