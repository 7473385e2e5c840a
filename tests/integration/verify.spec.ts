import { generateKeyPairSync } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { runToEnd, scriptCommand, suiteCommand } from "../support/harness";

// A signed run's reports, checked by `npm run verify` as someone who did not see the run would check them.

const signer = generateKeyPairSync("ed25519");
const stranger = generateKeyPairSync("ed25519");
const pem = (key: typeof signer.publicKey) => key.export({ type: "spki", format: "pem" }).toString();

let work: string;
const runDir = () => path.join(work, "run");

test.beforeAll(async () => {
  test.setTimeout(180_000);
  work = mkdtempSync(path.join(tmpdir(), "verify-run-"));
  writeFileSync(path.join(work, "signer.pem"), pem(signer.publicKey));
  writeFileSync(path.join(work, "stranger.pem"), pem(stranger.publicKey));
  const signingKey = signer.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
  const run = await runToEnd(suiteCommand(), {
    reportDir: runDir(),
    env: { CONFORMANCE_SIGNING_KEY: signingKey },
    canaries: [signingKey],
    timeoutMs: 170_000,
  });
  expect(run.exitCode, run.output).toBe(0);
  expect(run.canarySearch?.found, "the signing key leaked").toEqual([]);
});
test.afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of the run's reports, changed by `tamper`, verified with `key`. */
async function verifyCopy(tamper: (dir: string) => void, key = "signer.pem") {
  const dir = mkdtempSync(path.join(work, "copy-"));
  cpSync(runDir(), dir, { recursive: true });
  tamper(dir);
  return runToEnd(scriptCommand("scripts/verify.ts", [dir, "--public-key", path.join(work, key)]));
}

function edit(file: string, change: (text: string) => string) {
  return (dir: string) => writeFileSync(path.join(dir, file), change(readFileSync(path.join(dir, file), "utf8")));
}

test("the run's reports verify against the signer's key, re-judged from exchanges.har", async () => {
  const result = await verifyCopy(() => {});
  expect(result.stdout).toMatch(/checked: \d+ responses of exchanges.har through \d+ response checks/);
  expect(result.stdout).toContain("verified:");
  expect(result.exitCode, result.output).toBe(0);
});

/** A removal's 204 in exchanges.har, made a 500. */
function oneAnswerChanged(dir: string) {
  const file = path.join(dir, "exchanges.har");
  const har = JSON.parse(readFileSync(file, "utf8")) as {
    log: { entries: { _test?: string; request: { method: string }; response: { status: number } }[] };
  };
  const removal = har.log.entries.find((e) => e._test && e.request.method === "DELETE" && e.response.status === 204)!;
  removal.response.status = 500;
  writeFileSync(file, JSON.stringify(har, null, 2));
}

const tampering: { name: string; tamper: (dir: string) => void; key?: string; says: RegExp[] }[] = [
  {
    name: "a certificate edited by hand",
    tamper: edit("conformance.html", (t) => t.replace("Verdict: PASS", "Verdict: PASS (certified)")),
    says: [/does not hold: conformance.html: changed since the run/],
  },
  {
    name: "a HAR with one answer changed",
    tamper: oneAnswerChanged,
    says: [
      /does not hold: exchanges.har: changed since the run/,
      /does not hold: DOCUMENTED-STATUS: conformance.json says pass, but exchanges.har entry \d+ \(DELETE \/itwins\/[^ ]+ → 500\) breaks it/,
    ],
  },
  {
    name: "a verdict flipped",
    tamper: edit("conformance.json", (t) => t.replace(/"verdict": "pass"/, '"verdict": "fail"')),
    says: [/does not hold: conformance.json: changed since the run/],
  },
  {
    name: "another key",
    tamper: () => {},
    key: "stranger.pem",
    says: [/does not hold: conformance.sigstore.json: it was signed by the key [0-9a-f]{16}…, not by the given key/],
  },
];

for (const { name, tamper, key, says } of tampering) {
  test(`${name}: exit 1, naming what does not hold`, async () => {
    const result = await verifyCopy(tamper, key);
    for (const line of says) expect(result.stdout).toMatch(line);
    expect(result.exitCode, result.output).toBe(1);
  });
}
