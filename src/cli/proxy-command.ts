import path from "node:path";
import { commandSigningKey } from "../attestation/signing-key";
import { configurationErrorExit } from "../core/errors";
import { parseProxyArguments, proxyHelp, ProxyUsageError } from "../proxy/options";
import { runProxy } from "../proxy/run-proxy";
import { givenImplementation, givenSetting } from "../settings/given";
import { repoRoot } from "../validation/spec";
import { commandName } from "./help";

/** The command line's environment, directory and output (main.ts's Io). */
interface Io {
  env: NodeJS.ProcessEnv;
  cwd: string;
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * `remove-group-member-conformance proxy --target <base URL> …`: `npm run
 * proxy` on the command line. The reports go to --report-dir, else
 * CONFORMANCE_REPORT_DIR, else the suite's reports/; relative paths are
 * taken from the current directory, as for a run.
 */
export async function proxyCommand(argv: readonly string[], io: Io): Promise<number> {
  let command: ReturnType<typeof parseProxyArguments>;
  try {
    command = parseProxyArguments(argv);
  } catch (error) {
    if (!(error instanceof ProxyUsageError)) throw error;
    io.err(`${error.message}; see ${commandName} proxy --help\n`);
    return configurationErrorExit;
  }
  if (command.kind === "help") {
    io.out(proxyHelp(commandName));
    return 0;
  }
  const given = command.options.reportDir ?? givenSetting("CONFORMANCE_REPORT_DIR", io.env);
  const reportDir = given ? path.resolve(io.cwd, given) : path.join(repoRoot, "reports");
  const signingKey = commandSigningKey(io.env, io.err);
  if (signingKey === "refused") return configurationErrorExit;
  return runProxy(command.options, {
    out: io.out,
    err: io.err,
    reportDir,
    signingKey,
    implementation: givenImplementation(io.env),
  });
}
