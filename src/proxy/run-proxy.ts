import type { KeyObject } from "node:crypto";
import { loadRequirementCatalog } from "../catalog/requirements";
import { configurationErrorExit } from "../core/errors";
import { redact } from "../core/secrets";
import { consoleTable } from "../reporting/formats/console-table";
import { runFacts } from "../reporting/formats/verdict-formats";
import type { Implementation } from "../reporting/conformance-report";
import { clearPreviousVerdict } from "../reporting/report-dir";
import { writeVerdictReports } from "../reporting/report-files";
import { captureExchange } from "./exchange-capture";
import { startForwarding, type Forwarded } from "./forward";
import { classifyRequest } from "./match";
import type { ProxyOptions } from "./options";
import { ProxyObserver } from "./proxy-observer";
import { proxyReport } from "./proxy-report";
import { hostPort, unreachable } from "./reachable";
import { TrafficItwin } from "./traffic-itwin";

/** Run errors kept for the report; past them, a count. */
const keptRunErrors = 20;

export interface ProxyIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Where the reports go. */
  reportDir: string;
  /** The key that signs the proxy's statement (CONFORMANCE_SIGNING_KEY). */
  signingKey?: KeyObject;
  /** What the target is called (CONFORMANCE_IMPLEMENTATION_NAME and _VERSION), for the report. */
  implementation?: Implementation;
}

/**
 * Runs the proxy until SIGINT, SIGTERM or --idle-exit, then writes the
 * reports. Exit code 1 when a MUST check failed or an answer could not be
 * read (or was not given), else 0; 2 when the target
 * takes no connection at start or the port cannot be listened on.
 */
export async function runProxy(options: ProxyOptions, io: ProxyIo): Promise<number> {
  const target = options.target.href.replace(/\/+$/, "");
  const problem = await unreachable(options.target);
  if (problem) {
    io.err(`cannot reach the target ${hostPort(options.target)} (${problem}); is it running?\n`);
    return configurationErrorExit;
  }
  const catalog = loadRequirementCatalog();
  const observer = new ProxyObserver(catalog, target);
  const itwin = new TrafficItwin();
  const basePath = options.target.pathname;
  const startedAt = new Date();
  let requests = 0;
  let idleTimer: NodeJS.Timeout | undefined;
  let stopIdle: (reason: string) => void = () => undefined;
  const idle = new Promise<string>((resolve) => (stopIdle = resolve));

  const armIdle = () => {
    clearTimeout(idleTimer);
    if (options.idleExitSeconds === undefined || server.inFlight() > 0) return;
    idleTimer = setTimeout(
      () => stopIdle(`no traffic for ${options.idleExitSeconds} s`),
      options.idleExitSeconds * 1000,
    );
  };
  // What the proxy could not judge fails the run: printed as it happens, the first ones kept for the report.
  const runErrors: string[] = [];
  let unkeptRunErrors = 0;
  const runError = (line: string) => {
    const text = redact(line.replace(/\s*[\r\n]+\s*/g, " "));
    io.err(`${text}\n`);
    if (runErrors.length < keptRunErrors) runErrors.push(text);
    else unkeptRunErrors++;
  };
  const onAnswered = (seen: Forwarded) => {
    const method = seen.request.method ?? "GET";
    const url = seen.request.url ?? "/";
    const operation = classifyRequest(method, url, basePath);
    if (!operation) return;
    itwin.note(operation.operationId, url, basePath);
    // One exchange the checks cannot judge must not stop the proxy, nor the client's traffic through it.
    try {
      const exchange = captureExchange({
        operationId: operation.operationId,
        method,
        url: new URL(url, `${options.target.origin}/`).href,
        requestHeaders: seen.request.headers,
        status: seen.status,
        responseHeaders: seen.responseHeaders,
        body: seen.body,
        startedAtMs: seen.startedAtMs,
      });
      const lines = operation.underTest ? observer.underTest(exchange, url) : observer.sibling(exchange, url);
      for (const line of lines) io.out(`${line}\n`);
    } catch (error) {
      io.err(redact(`could not judge ${method} ${url}: ${error instanceof Error ? error.message : String(error)}\n`));
    }
  };

  let server: Awaited<ReturnType<typeof startForwarding>>;
  try {
    server = await startForwarding({
      target: options.target,
      port: options.port,
      onRequest: () => (requests++, clearTimeout(idleTimer)),
      tap: (request) => classifyRequest(request.method ?? "GET", request.url ?? "/", basePath) !== undefined,
      onAnswered,
      readOffWire: (request) =>
        classifyRequest(request.method ?? "GET", request.url ?? "/", basePath)?.underTest === true,
      onFailure: (request, message) =>
        runError(`the target did not answer ${request.method} ${request.url}: ${message}`),
      onMalformed: (request, problem) =>
        runError(`the target's answer to ${request.method} ${request.url} could not be read: ${problem}`),
      onSettled: armIdle,
    });
  } catch (error) {
    io.err(`cannot listen on 127.0.0.1:${options.port}: ${(error as NodeJS.ErrnoException).code ?? String(error)}\n`);
    return configurationErrorExit;
  }
  const listen = `http://127.0.0.1:${server.port}${basePath}`;
  // Listening before the line that says how to stop it: a SIGTERM sent as soon as it is read must find the handler.
  const stopped = stopSignals();
  io.out(`Proxying ${listen} → ${target}\n`);
  io.out(`  Point the client under test at ${listen}; stop with Ctrl-C (SIGINT) or SIGTERM to write the reports.\n`);
  armIdle();

  const reason = await Promise.race([idle, stopped]);
  clearTimeout(idleTimer);
  io.out(`\nStopping (${reason}).\n`);
  await server.close();

  if (unkeptRunErrors) runErrors.push(`${unkeptRunErrors} more such error(s), printed as they happened`);
  const report = proxyReport(catalog, observer, {
    target,
    listen,
    startedAt,
    requests,
    runErrors,
    itwinId: itwin.mostNamed(),
    implementation: io.implementation ?? { name: null, version: null },
  });
  const outputDir = io.reportDir;
  clearPreviousVerdict(outputDir);
  const facts = runFacts(report);
  writeVerdictReports(outputDir, report, facts, { signingKey: io.signingKey });
  io.out(consoleTable(report, facts));
  io.out(`\n${requests} request(s) proxied; reports in ${outputDir}\n`);
  return report.verdict === "fail" ? 1 : 0;
}

/**
 * The first SIGINT or SIGTERM; the proxy then stops on its own terms, not the
 * signal's default. A terminal's Ctrl-C reaches it twice (from the terminal,
 * and relayed by npm): the later ones must not cut its reports short.
 */
function stopSignals(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => resolve(signal);
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
