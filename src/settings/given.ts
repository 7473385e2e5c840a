import path from "node:path";
import { declared, knownSettings, type SettingName } from "./table";

/**
 * One setting as given, for the commands beside a run (merge, report,
 * proxy, the judge's configuration) that need it without the checks of a
 * whole configuration: its value trimmed, undefined when unset or blank.
 * A run reads its settings once, through run-settings.ts.
 */
export function givenSetting(name: SettingName, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[name]?.trim() || undefined;
}

/** Where reports go: CONFORMANCE_REPORT_DIR, else reports/, resolved against the working directory. */
export function givenReportDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(givenSetting("CONFORMANCE_REPORT_DIR", env) ?? declared("CONFORMANCE_REPORT_DIR").default);
}

/** Every secret setting that is given, for redaction by a command that reads no whole configuration. */
export function givenSecrets(env: NodeJS.ProcessEnv = process.env): string[] {
  return knownSettings.flatMap((s) => (s.secret && env[s.name]?.trim() ? [env[s.name]!.trim()] : []));
}

/** What the implementation under test is called (CONFORMANCE_IMPLEMENTATION_NAME and _VERSION); null where unset. */
export function givenImplementation(env: NodeJS.ProcessEnv = process.env): {
  name: string | null;
  version: string | null;
} {
  return {
    name: givenSetting("CONFORMANCE_IMPLEMENTATION_NAME", env) ?? null,
    version: givenSetting("CONFORMANCE_IMPLEMENTATION_VERSION", env) ?? null,
  };
}
