/**
 * The settings table is the one place a setting is declared: everything that
 * lists settings (flags, help, .env.example, docs/settings.md, redaction, the
 * CI recipes' secret check) covers exactly its settings.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { parse, stringify } from "yaml";
import { helpText } from "../../src/cli/help";
import { settingFlags } from "../../src/cli/options";
import { redact } from "../../src/core/secrets";
import { isPerTarget } from "../../src/settings/declaration";
import { settingsTableEnd, settingsTableStart } from "../../src/settings/render";
import { readSettings } from "../../src/settings/settings";
import { knownSettings } from "../../src/settings/table";
import { identities, identitySettingNames, unsetReason } from "../../src/settings/identities";
import { repoRoot } from "../../src/validation/spec";
import { literalSecrets, type Recipe } from "./recipe-checks";

const names = knownSettings.map((s) => s.name);
const secrets = knownSettings.filter((s) => s.secret);
const read = (file: string) => readFileSync(path.join(repoRoot, file), "utf8");

test.describe("every list of settings is the table's", () => {
  const docs = read("docs/settings.md");
  const docsTable = docs.slice(docs.indexOf(settingsTableStart), docs.indexOf(settingsTableEnd));
  const help = helpText();
  const secretsParagraph = help.slice(help.indexOf("Secrets:"), help.indexOf("Playwright's own options"));

  const lists: [string, () => string[]][] = [
    ["the command line's flags", () => settingFlags.map((f) => f.variable)],
    ["the help's settings", () => [...help.matchAll(/^ {2}--[\w-]+.*\((CONFORMANCE_[A-Z_]+)/gm)].map((m) => m[1]!)],
    [".env.example", () => [...read(".env.example").matchAll(/^# (CONFORMANCE_[A-Z_]+)=/gm)].map((m) => m[1]!)],
    ["the table of docs/settings.md", () => [...docsTable.matchAll(/^\| `(CONFORMANCE_[A-Z_]+)`/gm)].map((m) => m[1]!)],
  ];
  for (const [list, listed] of lists) {
    test(`${list} name exactly the table's settings, in its order`, () => {
      expect(listed()).toEqual(names);
    });
  }

  test("the command line's flags are the table's", () => {
    expect(settingFlags.map((f) => f.flag)).toEqual(knownSettings.map((s) => s.flag));
  });

  test("the help's warning about secrets on a command line names exactly the secret settings", () => {
    const flat = secretsParagraph.replace(/\s+/g, " ");
    expect([...flat.matchAll(/CONFORMANCE_[A-Z_]+/g)].map((m) => m[0])).toEqual(secrets.map((s) => s.name));
    expect([...flat.matchAll(/--[\w-]+/g)].map((m) => m[0])).toEqual(secrets.map((s) => s.flag));
  });
});

test.describe("each entry of the table is consistent", () => {
  for (const setting of knownSettings) {
    if (setting.default === undefined) continue;
    test(`${setting.name}: its default is a value its parser reads as itself`, () => {
      const problems: string[] = [];
      const defaults = isPerTarget(setting.default) ? Object.values(setting.default) : [setting.default];
      for (const value of defaults)
        expect(setting.parse(String(value), setting.name, (p) => problems.push(p))).toBe(value);
      expect(problems).toEqual([]);
    });
  }

  for (const setting of knownSettings.filter((s) => s.switchValue !== undefined)) {
    test(`${setting.name}: its flag, a switch, sets a value its parser accepts`, () => {
      const problems: string[] = [];
      expect(setting.parse(setting.switchValue!, setting.name, (p) => problems.push(p))).toBeDefined();
      expect(problems).toEqual([]);
    });
  }

  test("a flag takes a value, or is a switch: never both, never neither", () => {
    expect(knownSettings.filter((s) => (s.placeholder === undefined) === (s.switchValue === undefined))).toEqual([]);
  });
});

test.describe("a secret setting's value is redacted once the settings are read", () => {
  for (const setting of secrets) {
    test(setting.name, () => {
      const canary = `canary-${setting.name.toLowerCase()}-0123456789`;
      // Read without a target the secret is refused, yet registered: a refused value is still a secret.
      expect(() => readSettings({ [setting.name]: canary })).toThrow();
      expect(redact(`answer: ${canary}`)).toBe("answer: [REDACTED]");
    });
  }
});

test.describe("a secret setting written in clear in a CI recipe is reported", () => {
  const recipe = "examples/github-actions/nightly-staging.yml";
  const github = (text: string): Recipe => ({ file: recipe, kind: "github-actions", text });
  type Workflow = { jobs: Record<string, { env?: Record<string, string>; steps: Record<string, unknown>[] }> };
  /** The real recipe with one more variable in its first job's env, or one more step. */
  const planted = (change: (job: Workflow["jobs"][string]) => void) => {
    const workflow = parse(read(recipe)) as Workflow;
    change(Object.values(workflow.jobs)[0]!);
    return github(stringify(workflow));
  };

  test("the recipe as it is carries none", () => {
    expect(literalSecrets(github(read(recipe)))).toEqual([]);
  });

  for (const { name } of secrets) {
    test(`${name} from the secret store passes`, () => {
      const from = planted((job) => (job.env = { ...job.env, [name]: `\${{ secrets.${name} }}` }));
      expect(literalSecrets(from)).toEqual([]);
    });

    test(`${name} with a literal value in a workflow's env`, () => {
      const literal = planted((job) => (job.env = { ...job.env, [name]: "planted-literal-value" }));
      expect(literalSecrets(literal)).toContain(`${name} has a literal value instead of \${{ secrets.… }}`);
    });

    test(`${name} assigned a literal value in a command`, () => {
      const literal = planted((job) => job.steps.push({ run: `${name}=planted-literal-value npm run conformance` }));
      expect(literalSecrets(literal)).toContain(`${name} is assigned a literal value in a command`);
    });
  }
});

test.describe("each identity beside the admin's is a trio of the table", () => {
  for (const identity of identities) {
    const { token, clientId, clientSecret } = identitySettingNames(identity);
    test(`${identity.key}: its token and client secret are secrets, its client id is not`, () => {
      const trio = [token, clientId, clientSecret].map((name) => knownSettings.find((s) => s.name === name));
      expect(trio.map((s) => s?.secret ?? false)).toEqual([true, false, true]);
    });

    test(`${identity.key}: the reason its checks skip names its token and its client pair`, () => {
      expect(unsetReason(identity)).toBe(
        `set ${token} to a token of ${identity.who}, or ${clientId} with ${clientSecret} to a client of it, to run this check`,
      );
    });
  }
});
