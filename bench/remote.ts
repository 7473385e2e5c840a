/**
 * The main job (`npx playwright test tests/conformance`) against the
 * reference service made to look remote: through a proxy of our own that
 * holds each answer back by a round trip's latency, rate-limits each token
 * like the platform's tiers, or swaps bodies for huge ones. One run per case
 * and round, alternating the order of the cases; medians over the rounds.
 *
 *   npm run bench:remote [-- --rounds 3] [-- --cases "0 ms,250 ms"]
 *
 * Prints one table and the ratios the project's goals are stated in; exits 0
 * after printing (2 when the setup fails), whether the goals are met or not.
 */
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { identityClients } from "../src/reference-service/embedded-target";
import { startReferenceService, type ReferenceService } from "../src/reference-service/service";
import { identities, identitySettingNames } from "../src/settings/identities";
import { knownSettings } from "../src/settings/table";
import { startRemoteProxy, type RemoteProxyOptions } from "./remote-proxy";
import { median, npx, root, roundsFromArgs } from "./timing";

interface Case {
  name: string;
  proxy: Omit<RemoteProxyOptions, "target"> & { delayMs: number };
  /** Settings of the suite this case sets, over the bench's own environment. */
  settings?: Record<string, string>;
  expectedExit: number;
}

const MB = 1024 * 1024;
const runCapMs = 10 * 60_000;
const requestsPerMinute = 1200;
const allCases: Case[] = [
  { name: "0 ms", proxy: { delayMs: 0 }, expectedExit: 0 },
  { name: "100 ms", proxy: { delayMs: 100 }, expectedExit: 0 },
  { name: "250 ms", proxy: { delayMs: 250 }, expectedExit: 0 },
  {
    name: "rate-limited",
    proxy: { delayMs: 50, rateLimit: { limit: 200, windowSeconds: 10 } },
    settings: { CONFORMANCE_REQUESTS_PER_MINUTE: String(requestsPerMinute) },
    expectedExit: 0,
  },
  // The checks fail on bodies that are no error document: exit 1 is the expected outcome, the cost is the question.
  { name: "200 MB bodies", proxy: { delayMs: 0, hugeBodyBytes: 200 * MB }, expectedExit: 1 },
  // The same broken answers with small bodies: what failing every check costs, whatever the size.
  { name: "2 KB bodies", proxy: { delayMs: 0, hugeBodyBytes: 2048 }, expectedExit: 1 },
];
const cases = selectedCases(allCases);

/** --cases "a,b": only those cases, by name; a name that is none ends the bench with exit 2. */
function selectedCases(all: Case[]): Case[] {
  const index = process.argv.indexOf("--cases");
  if (index < 0) return all;
  const names = (process.argv[index + 1] ?? "").split(",").map((name) => name.trim());
  const unknown = names.filter((name) => !all.some((c) => c.name === name));
  if (unknown.length || !names.length) {
    console.error(`--cases takes names from: ${all.map((c) => c.name).join(", ")}; got ${JSON.stringify(unknown)}`);
    process.exit(2);
  }
  return all.filter((c) => names.includes(c.name));
}

/** Settings that may be newer than this checkout's settings table: passed only when the suite knows them. */
const passThrough = ["CONFORMANCE_CONCURRENCY", "CONFORMANCE_REQUESTS_PER_MINUTE"];

interface Sample {
  wallMs: number;
  requests: number;
  tokenRequests: number;
  suiteRequests?: number;
  /** The exploration's share of them (conformance.json's exploration.requests). */
  explorationRequests?: number;
  /** How long the exploration took (conformance.json's exploration.durationMs). */
  explorationMs?: number;
  maxInFlight: number;
  proxy429: number;
  target429: number;
  chain: number;
  peakRssKb?: number;
  exit: string;
}

const rounds = roundsFromArgs(1);
const known = new Set<string>(knownSettings.map((s) => s.name));
const dropped = new Set<string>();
let current: { kill(): void } | undefined;

async function main(): Promise<void> {
  let service: ReferenceService;
  try {
    // Only the proxy throttles: the service's own limit is out of reach.
    service = await startReferenceService({ rateLimit: { limit: 100_000, windowSeconds: 60 } });
  } catch (error) {
    return setupFailed(`the reference service did not start: ${(error as Error).message}`);
  }
  process.once("SIGINT", () => {
    current?.kill();
    process.exit(130);
  });

  const samples = new Map<string, Sample[]>(cases.map((c) => [c.name, []]));
  const order = (round: number) => (round % 2 ? [...cases].reverse() : cases);
  // Playwright's transform cache and the disk cache warm on the first run; it is not counted.
  progress("warm-up (0 ms, not counted)");
  const warmUp = await runCase(service, cases[0]!);
  if (warmUp.exit.startsWith("2"))
    return setupFailed("the warm-up run stopped in its setup (exit 2): see its output above");
  for (let round = 0; round < rounds; round++) {
    for (const c of order(round)) {
      progress(`round ${round + 1}/${rounds}: ${c.name}`);
      const sample = await runCase(service, c);
      samples.get(c.name)!.push(sample);
      progress(`  ${(sample.wallMs / 1000).toFixed(1)} s, exit ${sample.exit}`);
    }
  }
  await service.close();
  print(samples);
  process.exit(0);
}

async function runCase(service: ReferenceService, c: Case): Promise<Sample> {
  const proxy = await startRemoteProxy({ target: service.origin, ...c.proxy });
  const reports = mkdtempSync(path.join(os.tmpdir(), "bench-remote-"));
  const log = openSync(path.join(reports, "output.log"), "w");
  const started = performance.now();
  const child = spawn(npx, ["playwright", "test", "tests/conformance"], {
    cwd: root,
    env: childEnv(service, c, proxy.origin, reports),
    stdio: ["ignore", log, log],
    // Its own process group, so that a run past the cap is ended with all its workers.
    detached: true,
  });
  const killGroup = () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  };
  current = { kill: killGroup };
  const rss = sampleTreeRss(child.pid!);
  let timedOut = false;
  const cap = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, runCapMs);
  const ended = await new Promise<{ code: number | null; signal: string | null } | Error>((resolve) => {
    child.once("error", resolve);
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const wallMs = performance.now() - started;
  clearTimeout(cap);
  // Workers that outlive the runner would weigh on the next case.
  killGroup();
  current = undefined;
  closeSync(log);
  const peakRssKb = await rss.stop();
  await proxy.close();
  if (ended instanceof Error) return setupFailed(`${npx} playwright test did not start: ${ended.message}`);

  const exit = timedOut
    ? `timeout (${runCapMs / 60_000} min)`
    : ended.code === 2
      ? "2 (setup)"
      : String(ended.code ?? ended.signal);
  const { stats } = proxy;
  const report = readReport(reports);
  const sample: Sample = {
    wallMs,
    requests: stats.received - stats.tokenRequests,
    tokenRequests: stats.tokenRequests,
    suiteRequests: numberOrUndefined(report?.requests),
    explorationRequests: numberOrUndefined(report?.exploration?.requests),
    explorationMs: numberOrUndefined(report?.exploration?.durationMs),
    maxInFlight: stats.maxInFlight,
    proxy429: stats.proxy429,
    target429: stats.target429,
    chain: proxy.longestChain(),
    peakRssKb,
    exit,
  };
  // A run that ended as it should leaves nothing behind; another keeps its reports and output to look into.
  if (exit === String(c.expectedExit)) rmSync(reports, { recursive: true, force: true });
  else progress(`  ${c.name}: exit ${exit}, expected ${c.expectedExit}; its reports and output: ${reports}`);
  return sample;
}

/** The suite's settings for one run: the bench's environment without any setting of its own, then the case's. */
function childEnv(service: ReferenceService, c: Case, proxyOrigin: string, reports: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/CONFORM/i.test(name)));
  for (const name of passThrough) {
    const value = c.settings?.[name] ?? process.env[name];
    if (value === undefined || value === "") continue;
    // The suite refuses a CONFORMANCE_ variable it does not know (exit 2): one it cannot read yet is left out.
    if (known.has(name)) env[name] = value;
    else dropped.add(name);
  }
  const { admin } = service.clients;
  return {
    ...env,
    CI: "",
    CONFORMANCE_ENV_FILE: "none",
    CONFORMANCE_BASE_URL: proxyOrigin + new URL(service.baseUrl).pathname,
    CONFORMANCE_ITWIN_ID: service.seed.itwinId,
    CONFORMANCE_OTHER_ITWIN_ID: service.seed.otherItwinId,
    CONFORMANCE_TOKEN_URL: `${proxyOrigin}/connect/token`,
    CONFORMANCE_CLIENT_ID: admin.clientId,
    CONFORMANCE_CLIENT_SECRET: admin.clientSecret,
    // Every identity beside the admin's, as the client of the service that is it.
    ...Object.fromEntries(
      identities.flatMap((identity) => {
        const names = identitySettingNames(identity);
        const client = service.clients[identityClients[identity.key]];
        return [
          [names.clientId, client.clientId],
          [names.clientSecret, client.clientSecret],
        ];
      }),
    ),
    CONFORMANCE_REPORT_DIR: reports,
  };
}

interface ReportFigures {
  requests?: unknown;
  exploration?: { requests?: unknown; durationMs?: unknown };
}

/** The run's conformance.json, when it has one. */
function readReport(reports: string): ReportFigures | undefined {
  const file = path.join(reports, "conformance.json");
  try {
    // Bounded: a report that grew with huge bodies is not read whole.
    if (statSync(file).size > 20 * MB) return undefined;
    return JSON.parse(readFileSync(file, "utf8")) as ReportFigures;
  } catch {
    return undefined;
  }
}

const numberOrUndefined = (value: unknown) => (typeof value === "number" ? value : undefined);

/**
 * Every 100 ms, the resident set of each process of the tree under `pid`
 * (descendants found through the parent field of /proc/<pid>/stat); stop()
 * gives the largest any one of them reached, in kB (undefined without /proc).
 */
function sampleTreeRss(pid: number): { stop(): Promise<number | undefined> } {
  let peak: number | undefined;
  let running: Promise<void> = Promise.resolve();
  const sample = async () => {
    try {
      const parents = new Map<number, number[]>();
      const pids = (await readdir("/proc")).filter((name) => /^\d+$/.test(name));
      await Promise.all(
        pids.map(async (name) => {
          const stat = await readFile(`/proc/${name}/stat`, "utf8").catch(() => "");
          // The command name may hold spaces and parentheses: the fields after its last ")" are state, ppid, …
          const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
          if (ppid) parents.set(ppid, [...(parents.get(ppid) ?? []), Number(name)]);
        }),
      );
      const tree = [pid];
      for (let i = 0; i < tree.length && tree.length < 10_000; i++) tree.push(...(parents.get(tree[i]!) ?? []));
      for (const member of tree) {
        const status = await readFile(`/proc/${member}/status`, "utf8").catch(() => "");
        const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
        if (kb) peak = Math.max(peak ?? 0, kb);
      }
    } catch {
      // no /proc here: no peak
    }
  };
  const timer = setInterval(() => {
    // One sample at a time: a slow one on a loaded machine skips the next tick rather than piling up.
    running = running.then(sample);
  }, 100);
  return {
    async stop() {
      clearInterval(timer);
      await running;
      return peak;
    },
  };
}

function print(samples: Map<string, Sample[]>): void {
  const med = (name: string, pick: (s: Sample) => number | undefined): number | undefined => {
    const values = samples.get(name)!.map(pick);
    return values.every((v) => v !== undefined) ? median(values as number[]) : undefined;
  };
  const fixed = (value: number | undefined, digits = 0) => (value === undefined ? "n/a" : value.toFixed(digits));
  const rows = cases.map((c) => {
    const m = (pick: (s: Sample) => number | undefined) => med(c.name, pick);
    const chain = m((s) => s.chain);
    const exits = [...new Set(samples.get(c.name)!.map((s) => s.exit))];
    return [
      c.name,
      fixed(
        m((s) => s.wallMs / 1000),
        1,
      ),
      `${fixed(m((s) => s.requests))} (+${fixed(m((s) => s.tokenRequests))})`,
      fixed(m((s) => s.suiteRequests)),
      fixed(m((s) => s.explorationRequests)),
      fixed(m((s) => s.maxInFlight)),
      `${fixed(m((s) => s.proxy429))} / ${fixed(m((s) => s.target429))}`,
      fixed(chain),
      fixed(chain === undefined ? undefined : (chain * c.proxy.delayMs) / 1000, 1),
      fixed(m((s) => (s.peakRssKb === undefined ? undefined : s.peakRssKb / 1024))),
      exits.join(", ") + (exits.some((e) => e !== String(c.expectedExit)) ? ` (expected ${c.expectedExit})` : ""),
    ];
  });
  const header = [
    "case",
    "wall s",
    "requests (+token)",
    "suite's count",
    "exploration's",
    "most in flight",
    "429 proxy / target",
    "longest chain",
    "floor s",
    "peak RSS MB",
    "exit",
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)));

  console.log(
    [
      "npx playwright test tests/conformance against the reference service, through a delay and rate-limit proxy",
      `rounds: ${rounds} (cases alternating, medians; one uncounted warm-up run first); each run capped at ${runCapMs / 60_000} min`,
      "the rate-limit probe is skipped (CONFORMANCE_RATE_LIMIT_BUDGET unset): the 429s below are the checks' own",
      ...[...dropped].map(
        (name) => `${name} is not a setting of this suite yet: not passed (the suite would refuse it and exit 2)`,
      ),
      "",
      line(header).join("  "),
      ...rows.map((r) => line(r).join("  ")),
      "",
    ].join("\n"),
  );

  const wall = (name: string) => med(name, (s) => s.wallMs)!;
  const ratio = (a: number, b: number) => (a / b).toFixed(2);
  const verdict = (met: boolean) => (met ? "met" : "not met");
  const has = (name: string) => samples.has(name);
  const zero = has("0 ms") ? wall("0 ms") : NaN;
  if (has("250 ms")) {
    const slow = ratio(wall("250 ms"), zero);
    console.log(`wall(250 ms) / wall(0 ms) = ${slow} (goal ≤ 2.5: ${verdict(Number(slow) <= 2.5)})`);
    const explored = med("250 ms", (s) => s.explorationRequests);
    const all = med("250 ms", (s) => s.suiteRequests);
    if (explored !== undefined && all)
      console.log(
        `250 ms: the exploration sent ${explored} of the run's ${all} requests (${((explored / all) * 100).toFixed(0)}%)`,
      );
    const exploring = med("250 ms", (s) => s.explorationMs);
    if (exploring !== undefined)
      console.log(
        `250 ms: the exploration took ${(exploring / 1000).toFixed(1)} s of the run's ${(wall("250 ms") / 1000).toFixed(1)} s (${((exploring / wall("250 ms")) * 100).toFixed(0)}%)`,
      );
  }
  if (has("rate-limited")) printRateLimited();
  if (has("200 MB bodies")) printHuge();

  function printRateLimited(): void {
    const limited = wall("rate-limited");
    const limitedRequests = med("rate-limited", (s) => s.requests)!;
    const bound = (1.3 * limitedRequests) / (requestsPerMinute / 60) + 5;
    const reached = med("rate-limited", (s) => s.proxy429 + s.target429)!;
    console.log(
      `rate-limited: wall ${(limited / 1000).toFixed(1)} s vs 1.3 × ${limitedRequests} requests ÷ (${requestsPerMinute}/60) + 5 s = ` +
        `${bound.toFixed(1)} s (${verdict(limited / 1000 <= bound)}); 429s that reached the suite: ${reached}` +
        ` (goal 0: ${verdict(reached === 0)})`,
    );
  }

  function printHuge(): void {
    const huge = ratio(wall("200 MB bodies"), zero);
    if (has("2 KB bodies")) {
      const same = ratio(wall("200 MB bodies"), wall("2 KB bodies"));
      console.log(
        `wall(200 MB bodies) / wall(2 KB bodies) = ${same} (the same broken answers, small: goal ≤ 2: ${verdict(Number(same) <= 2)})`,
      );
    }
    const hugeRss = med("200 MB bodies", (s) => s.peakRssKb);
    const largest = Math.max(...[...samples.values()].flat().map((s) => s.peakRssKb ?? 0)) / 1024;
    console.log(`wall(200 MB bodies) / wall(0 ms) = ${huge} (goal ≤ 2: ${verdict(Number(huge) <= 2)})`);
    console.log(
      `peak RSS with 200 MB bodies: ${fixed(hugeRss === undefined ? undefined : hugeRss / 1024)} MB; largest of any run: ` +
        `${largest.toFixed(0)} MB (goal ≤ 300 MB: ${verdict(largest <= 300)})`,
    );
  }
}

function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

function setupFailed(message: string): never {
  current?.kill();
  console.error(`bench:remote: ${message}`);
  process.exit(2);
}

main().catch((error: unknown) => setupFailed(error instanceof Error ? error.message : String(error)));
