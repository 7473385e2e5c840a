/**
 * The proxy's options, declared once: the parser and `proxy --help` are both
 * derived from this table, so they cannot drift apart.
 */
import { didYouMean } from "../core/did-you-mean";

/** A command line the proxy cannot run: one message, exit code 2. */
export class ProxyUsageError extends Error {
  override name = "ProxyUsageError";
}

export interface ProxyOptions {
  /** The target's base URL, e.g. https://qa-api.bentley.com/accesscontrol, without a trailing slash. */
  target: URL;
  /** 0 takes a free port. */
  port: number;
  /** Seconds without traffic after which the proxy stops; undefined: never. */
  idleExitSeconds?: number;
  /** Where the reports go; undefined: CONFORMANCE_REPORT_DIR, else the suite's reports/. */
  reportDir?: string;
}

/** The port the proxy listens on when none is given: Prism's, which mocks of OpenAPI documents commonly take. */
export const defaultProxyPort = 4010;

interface ProxyOption {
  flag: `--${string}`;
  placeholder: string;
  description: string;
  /** Parses the value into the options, or throws a ProxyUsageError naming what is wrong. */
  parse(value: string, options: Partial<ProxyOptions>): void;
}

export const proxyOptions: readonly ProxyOption[] = [
  {
    flag: "--target",
    placeholder: "<base URL>",
    description: "the API base to forward to, http or https (required), e.g. https://qa-api.bentley.com/accesscontrol",
    parse(value, options) {
      options.target = parseTarget(value);
    },
  },
  {
    flag: "--port",
    placeholder: "<n>",
    description: `the loopback port to listen on (default ${defaultProxyPort}; 0 takes a free one)`,
    parse(value, options) {
      options.port = wholeNumber("--port", value, 0, 65535);
    },
  },
  {
    flag: "--idle-exit",
    placeholder: "<seconds>",
    description:
      "stop, and write the reports, after this many seconds without traffic (default: only on SIGINT/SIGTERM)",
    parse(value, options) {
      options.idleExitSeconds = wholeNumber("--idle-exit", value, 1, 24 * 60 * 60);
    },
  },
  {
    flag: "--report-dir",
    placeholder: "<dir>",
    description: "where the reports go (default: CONFORMANCE_REPORT_DIR, else reports/ in the suite's directory)",
    parse(value, options) {
      if (value.trim() === "") throw new ProxyUsageError("--report-dir needs a directory, got an empty value");
      options.reportDir = value;
    },
  },
];

export const proxyHelpFlags = ["--help", "-h"];

export type ProxyCommand = { kind: "help" } | { kind: "run"; options: ProxyOptions };

/** Reads the proxy's command line (what follows `proxy`): `--flag value` or `--flag=value`. */
export function parseProxyArguments(argv: readonly string[]): ProxyCommand {
  if (argv.some((a) => proxyHelpFlags.includes(a))) return { kind: "help" };
  const options: Partial<ProxyOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const equals = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = equals < 0 ? arg : arg.slice(0, equals);
    const option = proxyOptions.find((o) => o.flag === name);
    if (!option) {
      // A stray word is not echoed: it may be half of a secret that lost its quotes.
      throw new ProxyUsageError(
        arg.startsWith("-")
          ? `unknown option ${name}${didYouMean(name, [...proxyOptions.map((o) => o.flag), ...proxyHelpFlags])}`
          : `unexpected argument in position ${i + 1}`,
      );
    }
    const value = equals >= 0 ? arg.slice(equals + 1) : argv[++i];
    if (value === undefined || (equals < 0 && value.startsWith("--")))
      throw new ProxyUsageError(`${name} needs a value ${option.placeholder}`);
    option.parse(value, options);
  }
  if (!options.target) throw new ProxyUsageError("--target <base URL> is required");
  return { kind: "run", options: { port: defaultProxyPort, ...options, target: options.target } };
}

function parseTarget(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ProxyUsageError(`--target must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new ProxyUsageError(`--target must be an http(s) URL, got ${JSON.stringify(value)}`);
  if (url.username || url.password) throw new ProxyUsageError("--target must not hold a user name or password");
  if (url.search || url.hash) throw new ProxyUsageError("--target must be a base URL, without a query or fragment");
  url.pathname = url.pathname.replace(/\/+$/, "");
  return url;
}

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max)
    throw new ProxyUsageError(`${flag} needs a whole number from ${min} to ${max}, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** `proxy --help`, from the table. */
export function proxyHelp(commandName: string): string {
  const rows = proxyOptions.map((o) => [`${o.flag} ${o.placeholder}`, o.description] as const);
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    `Usage: ${commandName} proxy --target <base URL> [--port <n>] [--idle-exit <seconds>] [--report-dir <dir>]`,
    "       npm run proxy -- --target <base URL> ...",
    "",
    "Forwards any client's traffic, unchanged, to the target, and checks what it sees: every answer of",
    "DELETE {base}/itwins/{id}/members/groups/{groupId} against the suite's response and traffic checks, and every",
    "answer of the other operations of the spec against their schemas. Prints each violation as it happens; on",
    "SIGINT, SIGTERM or --idle-exit writes conformance.json, .md, .html and conformance-junit.xml, with the checks",
    'it could not observe skipped ("not observed"). Listens on 127.0.0.1 only.',
    "",
    "Options:",
    ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`),
    `  ${"-h, --help".padEnd(width)}  this text`,
    "",
    "Exit codes:",
    "  0  no MUST check failed",
    "  1  a MUST check failed",
    "  2  bad command line, or the target cannot be reached at start: one message",
    "",
  ].join("\n");
}
