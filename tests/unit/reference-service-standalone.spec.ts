import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import dotenv from "dotenv";
import { expect, test } from "@playwright/test";
import { loadManifest } from "../../src/provisioning/manifest";
import { removalsPerFullRun } from "../../src/provisioning/manifest-data";
import { startReferenceService, type ReferenceService } from "../../src/reference-service/service";
import {
  allSettings,
  envFileText,
  manifestPathFor,
  manifestText,
  publicSettings,
  standaloneVariables,
  writeOwnFile,
} from "../../src/reference-service/standalone";
import { knownSettings } from "../../src/settings/table";
import { repoRoot } from "../../src/validation/spec";

let service: ReferenceService;
test.beforeAll(async () => {
  service = await startReferenceService({
    seed: { memberGroups: removalsPerFullRun + 1, nonMemberGroups: 1 },
    secrets: { admin: "with # and space" },
  });
});
test.afterAll(async () => service.close());

const folder = () => mkdtempSync(path.join(tmpdir(), "standalone-"));

test("every setting written is one the suite reads, and the printed ones hold no secret", async () => {
  const secretNames = knownSettings.filter((s) => s.secret).map((s) => s.name);
  const names = (await allSettings(service, 100)).map((s) => s.name);
  expect(names.filter((n) => !knownSettings.some((s) => s.name === n))).toEqual([]);
  const clientSecrets = knownSettings.filter((s) => s.kind === "secret").map((s) => s.name);
  expect(names).toEqual(
    expect.arrayContaining([...clientSecrets, "CONFORMANCE_EXPIRED_TOKEN", "CONFORMANCE_NO_SCOPE_TOKEN"]),
  );
  expect(publicSettings(service).filter((s) => secretNames.includes(s.name))).toEqual([]);
});

test("the settings file reads back, through dotenv as the suite reads it, to every value written", async () => {
  const settings = await allSettings(service, 100);
  const read = dotenv.parse(envFileText(settings, service.origin));
  expect(read).toEqual(Object.fromEntries(settings.map((s) => [s.name, s.value])));
  expect(read.CONFORMANCE_CLIENT_SECRET).toBe("with # and space");
});

test("the manifest lists the seeded groups and is one the suite accepts, with a group to remove per removal", () => {
  const file = path.join(folder(), "m.yaml");
  writeFileSync(file, manifestText(service));
  const manifest = loadManifest(file, service.seed.itwinId);
  expect(manifest.memberGroupIds).toEqual(service.seed.memberGroupIds);
  expect(manifest.memberGroupIds).toHaveLength(removalsPerFullRun + 1);
  expect(manifest.nonMemberGroupIds).toEqual(service.seed.nonMemberGroupIds);
});

for (const [envFile, manifest] of [
  ["/x/ref.env", "/x/ref.manifest.yaml"],
  ["/x/.env", "/x/.env.manifest.yaml"],
  ["settings", "settings.manifest.yaml"],
] as const) {
  test(`the manifest of ${envFile} is ${manifest}`, () => expect(manifestPathFor(envFile)).toBe(manifest));
}

test("a written file is its owner's alone, also where an earlier one was readable by all", () => {
  const file = path.join(folder(), "ref.env");
  writeFileSync(file, "# Written by npm run reference-service before\n", { mode: 0o644 });
  writeOwnFile(file, "# Written by npm run reference-service now\n", 0o600);
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(readFileSync(file, "utf8")).toContain("now");
});

test("a file the service did not write is never overwritten", () => {
  const file = path.join(folder(), ".env");
  writeFileSync(file, "CONFORMANCE_TOKEN=mine\n");
  expect(() => writeOwnFile(file, "# Written by npm run reference-service\n", 0o600)).toThrow(
    `${file} exists and was not written by the reference service: name another file, or remove it`,
  );
  expect(readFileSync(file, "utf8")).toBe("CONFORMANCE_TOKEN=mine\n");
});

test("docs/reference-service.md's table names every variable the standalone service reads, and no other", () => {
  const doc = readFileSync(path.join(repoRoot, "docs", "reference-service.md"), "utf8");
  const rows = doc.split("\n").filter((line) => line.startsWith("| `REFERENCE_"));
  const named = rows.flatMap((row) => {
    const [variables] = row.split(" | ");
    const clients = variables!.includes("<CLIENT>") ? [...variables!.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]) : [];
    return [
      ...[...variables!.matchAll(/`(REFERENCE_[A-Z_]+)`/g)].map((m) => m[1]),
      ...clients.map((client) => `REFERENCE_${client}_SECRET`),
    ];
  });
  expect(named.sort()).toEqual([...standaloneVariables].sort());
});
