/**
 * Checks of the CI recipes under examples/: that they use only settings and
 * npm scripts the suite has, run unattended with a time-out, check out a ref
 * that exists, pass the optional settings the nightlies agree on, and carry
 * no secret in clear. Each check returns the problems it found (empty: none).
 */
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { identities, identitySettingNames } from "../../src/settings/identities";
import { knownSettings } from "../../src/settings/table";
import { optionalSettings } from "../../src/settings/table-identities";

export type RecipeKind = "github-actions" | "gitlab-ci" | "other";

export interface Recipe {
  /** Path relative to the repository, with forward slashes. */
  file: string;
  kind: RecipeKind;
  text: string;
}

/** Every YAML file under dir, relative to root. */
export function yamlFilesUnder(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => path.posix.join(dir, name.split(path.sep).join("/")))
    .sort();
}

export function kindOf(file: string): RecipeKind {
  if (file.includes("/github-actions/")) return "github-actions";
  if (file.includes("/gitlab-ci/")) return "gitlab-ci";
  return "other";
}

/** CONFORMANCE_* names that are not settings of the suite. */
export function unknownSettings(text: string, known: string[]): string[] {
  const used = new Set(text.match(/\bCONFORMANCE_[A-Z0-9_]+\b/g) ?? []);
  return [...used].filter((name) => !known.includes(name)).sort();
}

/** The scripts of every `npm run <script>` (flags before the name allowed). */
export function npmScriptsUsed(text: string): string[] {
  const scripts = [...text.matchAll(/\bnpm\s+run(?:\s+--?[\w-]+)*\s+([\w:.-]+)/g)].map((m) => m[1]!);
  return [...new Set(scripts)].sort();
}

/** How a recipe triggers and bounds its jobs. */
export function unattendedProblems(recipe: Recipe): string[] {
  const doc = parse(recipe.text) as Record<string, unknown> | null;
  if (!isObject(doc)) return ["is not a YAML mapping"];
  if (recipe.kind === "github-actions") {
    const problems: string[] = [];
    if (doc.on === undefined) problems.push("has no on: (no trigger)");
    const jobs = isObject(doc.jobs) ? Object.entries(doc.jobs) : [];
    if (jobs.length === 0) problems.push("has no jobs");
    for (const [name, job] of jobs) {
      if (!isObject(job) || typeof job["timeout-minutes"] !== "number")
        problems.push(`job ${name} has no timeout-minutes`);
    }
    return problems;
  }
  if (recipe.kind === "gitlab-ci") {
    const jobs = Object.entries(doc).filter(([name, job]) => !name.startsWith(".") && isObject(job) && "script" in job);
    if (jobs.length === 0) return ["has no jobs"];
    return jobs.flatMap(([name, job]) => [
      ...(isObject(job) && job.timeout === undefined ? [`job ${name} has no timeout`] : []),
      ...(isObject(job) && job.rules === undefined ? [`job ${name} has no rules (no trigger)`] : []),
    ]);
  }
  return [];
}

/**
 * The refs of the suite a recipe checks out: `ref:` of an actions/checkout
 * step, or a GitLab job's SUITE_REF.
 */
export function suiteRefs(recipe: Recipe): string[] {
  const refs: string[] = [];
  visitObjects(parse(recipe.text), (node) => {
    const ref = recipe.kind === "gitlab-ci" ? node.SUITE_REF : isObject(node.with) ? node.with.ref : undefined;
    const checkout = recipe.kind === "gitlab-ci" || String(node.uses).startsWith("actions/checkout@");
    if (checkout && typeof ref === "string") refs.push(ref);
  });
  return refs;
}

/** Whether `ref` names a commit of the git repository at `root` (a branch, its origin's branch, a tag or a SHA). */
export function refExists(root: string, ref: string): boolean {
  return [`${ref}^{commit}`, `refs/remotes/origin/${ref}^{commit}`].some((candidate) =>
    gitSucceeds(root, ["rev-parse", "--verify", "--quiet", candidate]),
  );
}

/** Whether `root` is in a git checkout, where refs can be verified at all (a source archive is not). */
export function isGitCheckout(root: string): boolean {
  return gitSucceeds(root, ["rev-parse", "--git-dir"]);
}

function gitSucceeds(root: string, args: string[]): boolean {
  try {
    execFileSync("git", args, { cwd: root, stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** The refs a recipe checks out that do not exist, each as a problem. */
export function missingRefs(recipe: Recipe, exists: (ref: string) => boolean): string[] {
  return suiteRefs(recipe)
    .filter((ref) => !exists(ref))
    .map((ref) => `checks out ${JSON.stringify(ref)}, which is no branch, tag or commit of the suite`);
}

/**
 * Optional settings that an unattended run cannot keep in its secret store: an
 * identity's token expires within hours (the nightlies pass its client
 * instead), and so does a token without the itwin-platform scope, which would
 * then be refused for its expiry, not for its scope.
 */
export const notKeptByNightlies: string[] = [
  ...identities.map((identity) => identitySettingNames(identity).token),
  "CONFORMANCE_NO_SCOPE_TOKEN",
];

/** The optional settings every nightly passes: the settings table's, but for those it cannot keep. */
export const nightlyOptionalSettings: string[] = optionalSettings
  .map((s) => s.name as string)
  .filter((name) => !notKeptByNightlies.includes(name))
  .sort();

/**
 * The optional settings a recipe passes to the suite: names under an `env:`
 * (GitHub) or `variables:` (GitLab), and, since GitLab hands a project's CI/CD
 * variables to every job, the names its comments list as such (a comment line
 * that starts with the name).
 */
export function optionalSettingsPassed(recipe: Recipe): string[] {
  const passed = new Set<string>();
  const block = recipe.kind === "github-actions" ? "env" : "variables";
  visitPairs(parse(recipe.text), (key, value) => {
    if (key === block && isObject(value)) Object.keys(value).forEach((name) => passed.add(name));
  });
  if (recipe.kind === "gitlab-ci")
    for (const m of recipe.text.matchAll(/^#\s+(CONFORMANCE_[A-Z0-9_]+)\s/gm)) passed.add(m[1]!);
  const optional = optionalSettings.map((s) => s.name as string);
  return [...passed].filter((name) => optional.includes(name)).sort();
}

/** Settings whose values are credentials: the secrets of the settings table. */
export const secretSettings: string[] = knownSettings.filter((s) => s.secret).map((s) => s.name);

const reference: Record<RecipeKind, RegExp | undefined> = {
  "github-actions": /^\$\{\{\s*secrets\.\w+\s*\}\}$/,
  "gitlab-ci": /^\$\{?\w+\}?$/,
  other: undefined,
};

/**
 * Credentials written in clear: a secret setting given a literal value (in
 * YAML or as a shell assignment), a JWT, or a literal bearer token. Messages
 * name the setting or the kind of value, never the value.
 */
export function literalSecrets(recipe: Recipe): string[] {
  const problems: string[] = [];
  const allowed = reference[recipe.kind];
  const expected =
    recipe.kind === "github-actions"
      ? "${{ secrets.… }}"
      : recipe.kind === "gitlab-ci"
        ? "a $VARIABLE"
        : "nothing here";
  visitPairs(parse(recipe.text), (key, value) => {
    if (!secretSettings.includes(key)) return;
    if (value === null || value === undefined) return;
    if (!allowed || typeof value !== "string" || !allowed.test(value.trim()))
      problems.push(`${key} has a literal value instead of ${expected}`);
  });
  for (const m of recipe.text.matchAll(new RegExp(`\\b(${secretSettings.join("|")})=(["']?)([^\\s"']*)`, "g"))) {
    if (!m[3]!.startsWith("$")) problems.push(`${m[1]} is assigned a literal value in a command`);
  }
  if (/eyJ[\w-]{8,}\.[\w-]{8,}/.test(recipe.text)) problems.push("contains a JWT (eyJ…)");
  if (/\bBearer\s+(?!\$)[\w.~+/-]{16,}/i.test(recipe.text)) problems.push("contains a literal bearer token");
  return problems;
}

function visitPairs(node: unknown, visit: (key: string, value: unknown) => void): void {
  if (Array.isArray(node)) {
    for (const item of node) visitPairs(item, visit);
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      visit(key, value);
      visitPairs(value, visit);
    }
  }
}

function visitObjects(node: unknown, visit: (node: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) node.forEach((item) => visitObjects(item, visit));
  else if (isObject(node)) {
    visit(node);
    Object.values(node).forEach((value) => visitObjects(value, visit));
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
