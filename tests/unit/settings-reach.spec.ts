import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { generateKeyPairSync } from "node:crypto";
import { expect, test } from "@playwright/test";
import { ed25519PrivateKey, text } from "../../src/settings/parsers";
import { isPerTarget } from "../../src/settings/declaration";
import { publishedRunContext } from "../../src/settings/run-context";
import { readSettings, runContextVariable, type RunSettings } from "../../src/settings/settings";
import { knownSettings, settingKey, type SettingKey } from "../../src/settings/table";
import { repoRoot } from "../../src/validation/spec";

// A setting is one entry of the table: it reaches the run's settings, and so every worker, without another edit;
// and only src/settings/ reads a CONFORMANCE_* variable from the environment.

// Checked at compile time: the run's settings have a key for every entry of the table.
const everyKey: Record<SettingKey, unknown> = readSettings({});

test("the settings read from an empty environment have every entry of the table as a key", () => {
  const keys = knownSettings.map((s) => settingKey(s));
  expect(new Set(keys).size).toBe(keys.length);
  for (const key of keys) expect(Object.keys(everyKey), `no ${key} in the settings`).toContain(key);
});

const signingKeyPem = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();

/** A value each setting accepts, different for each: the entry's example or switch value, else one of its kind. */
function sample(setting: (typeof knownSettings)[number], index: number): string {
  // A key is read as a key: a sample of its kind would be refused.
  if (setting.parse === ed25519PrivateKey) return signingKeyPem;
  const hex = index.toString(16).padStart(12, "0");
  if (setting.kind === "guid") return `00000000-0000-4000-8000-${hex}`;
  if (setting.kind === "token" || setting.kind === "secret") return `sample-${index}-${settingKey(setting)}`;
  // A text read by a parser of its own (a seed, say) shows its own example.
  if (setting.kind === "text")
    return setting.parse === text ? `sample-${index}-${settingKey(setting)}` : setting.example!;
  if (setting.kind === "url") return setting.example ?? `https://sample-${index}.example.test/connect/token`;
  if (setting.kind === "choice") return setting.example ?? "manifest";
  if (setting.switchValue ?? setting.example) return (setting.switchValue ?? setting.example)!;
  const fallback = isPerTarget(setting.default) ? setting.default.external : setting.default;
  return fallback === undefined ? `reports/sample-${settingKey(setting)}` : String(fallback);
}

// The settings of the client-credentials grant and those of a static token exclude each other: two configurations.
const ofTheGrant = /_CLIENT_(ID|SECRET)$|^CONFORMANCE_(TOKEN_URL|SCOPE)$/;
const bothNeed = ["CONFORMANCE_BASE_URL", "CONFORMANCE_ITWIN_ID"];
const samples = Object.fromEntries(knownSettings.map((s, index) => [s.name, sample(s, index + 1)]));
const configurations = [
  knownSettings.filter((s) => !ofTheGrant.test(s.name)),
  knownSettings.filter((s) => ofTheGrant.test(s.name) || bothNeed.includes(s.name)),
].map((entries) => Object.fromEntries(entries.map((s) => [s.name, samples[s.name]!])));

test("every entry of the table, when set, reaches the settings a worker receives in the run context", () => {
  const received = configurations.map((env) => {
    const settings = readSettings(env);
    // As the global setup publishes the run, and a worker reads it back.
    const published = { [runContextVariable]: JSON.stringify({ runId: "r", settings }) };
    return { settings, received: publishedRunContext(published)?.settings as RunSettings };
  });
  for (const { settings, received: inWorker } of received) expect(inWorker).toEqual(settings);
  for (const setting of knownSettings) {
    const key = settingKey(setting);
    const reached = received.some(
      ({ received: inWorker }) => (inWorker as unknown as Record<string, unknown>)[key] !== undefined,
    );
    expect(reached, `${setting.name} (${key}) set to ${samples[setting.name]} does not reach the workers`).toBe(true);
  }
});

/** The places that read the environment: the suite's modules beside src/settings/, its scripts, bench and configs. */
const scanned = ["src", "scripts", "bench", "tests/judge"]
  .flatMap((dir) =>
    readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: "utf8" }).map((name) =>
      path.posix.join(dir, name.split(path.sep).join("/")),
    ),
  )
  .filter((file) => file.endsWith(".ts") && !file.startsWith("src/settings/"))
  .concat("playwright.config.ts");

/** A read of a CONFORMANCE_* variable from an environment, or of the run context's variable by its name. */
const environmentRead = /\benv\??\.(CONFORMANCE_\w+)|\benv\[\s*["'`](CONFORMANCE_\w+)|\b(runContextVariable)\b/g;

function reads(source: string): string[] {
  return [...source.matchAll(environmentRead)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

test("the scan finds a read of a setting from the environment, and not a child's environment being built", () => {
  expect(reads("const dir = process.env.CONFORMANCE_REPORT_DIR;")).toEqual(["CONFORMANCE_REPORT_DIR"]);
  expect(reads('const dir = io.env["CONFORMANCE_HISTORY"] ?? env?.CONFORMANCE_TOKEN;')).toEqual([
    "CONFORMANCE_HISTORY",
    "CONFORMANCE_TOKEN",
  ]);
  expect(reads("JSON.parse(process.env[runContextVariable])")).toEqual(["runContextVariable"]);
  expect(reads("spawn(cmd, { env: { ...process.env, CONFORMANCE_REPORT_DIR: dir } })")).toEqual([]);
});

test("no module outside src/settings/ reads a CONFORMANCE_* variable from the environment", () => {
  expect(scanned.length).toBeGreaterThan(100);
  const found = scanned.flatMap((file) =>
    reads(readFileSync(path.join(repoRoot, file), "utf8")).map((read) => `${file}: ${read}`),
  );
  expect(found, "read it through src/settings/ (run-settings.ts in a run, given.ts beside one)").toEqual([]);
});
