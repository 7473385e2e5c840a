/**
 * No flake: runs the main job (`npm run conformance`, the suite against the
 * plain embedded reference service) N times in a row and prints how many
 * passed; with --judge K, also runs the judge K times and checks that every
 * instance got the same verdict and the same failed and warned checks each
 * time.
 *
 *   npm run stability [-- [--runs 50] [--judge 3]]
 *
 * Exit 0 when every run passed and the judge's results did not change, 1
 * otherwise, 2 on bad arguments.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { didYouMean } from "../src/core/did-you-mean";
import type { JudgeReport } from "../src/judge/reporter";
import { repoRoot } from "../src/validation/spec";

const flags = ["--runs", "--judge"];

// A misspelt flag would otherwise be ignored, and the run go on with the default.
for (const arg of process.argv.slice(2)) {
  if (arg.startsWith("-") && !flags.includes(arg)) {
    console.error(`unknown option ${arg}${didYouMean(arg, flags)}; the options are --runs <n> and --judge <k>`);
    process.exit(2);
  }
}

function count(flag: string, fallback: number, max: number): number {
  const index = process.argv.indexOf(flag);
  const given = index > 0 ? process.argv[index + 1] : undefined;
  const value = index > 0 ? Number(given) : fallback;
  if (!Number.isInteger(value) || value < 0 || value > max) {
    console.error(
      `${flag} takes a whole number from 0 to ${max}, got ${given === undefined ? "no value" : JSON.stringify(given)}`,
    );
    process.exit(2);
  }
  return value;
}

const runs = count("--runs", 50, 500);
const judgeRuns = count("--judge", 0, 20);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";
const reports = mkdtempSync(path.join(tmpdir(), "conformance-stability-"));
// The embedded service, whatever this shell or a .env file says.
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("CONFORMANCE_"))),
  CONFORMANCE_ENV_FILE: "none",
  CONFORMANCE_REPORT_DIR: reports,
  CI: "",
};

let passed = 0;
for (let run = 1; run <= runs; run++) {
  const result = spawnSync(npm, ["run", "-s", "conformance"], { cwd: repoRoot, env, stdio: "pipe", timeout: 180_000 });
  if (result.status === 0) passed++;
  else
    console.log(
      `run ${run}: exit ${result.status ?? result.signal}\n${result.stdout
        .toString()
        .split("\n")
        .filter((l) => /fail|error/i.test(l))
        .slice(0, 10)
        .join("\n")}`,
    );
}
if (runs) console.log(`npm run conformance: ${passed}/${runs} runs passed`);

let judgeStable = true;
if (judgeRuns) {
  const signatures: string[] = [];
  for (let run = 1; run <= judgeRuns; run++) {
    const file = path.join(reports, "judge", "judge.json");
    rmSync(file, { force: true });
    const result = spawnSync(npx, ["playwright", "test", "-c", "tests/judge/judge.config.ts"], {
      cwd: repoRoot,
      env,
      stdio: "ignore",
      timeout: 600_000,
    });
    if (result.status !== 0 && result.status !== 1) {
      console.log(`judge run ${run}: ended with ${result.status ?? result.signal}, no results`);
      signatures.push(`run ${run} ended with ${result.status ?? result.signal}`);
      continue;
    }
    const report = JSON.parse(readFileSync(file, "utf8")) as JudgeReport;
    const signature = report.instances
      .map(
        (a) =>
          `${a.name}: ${a.verdict} fail[${a.failed.join(",")}] warn[${a.warned.join(",")}] ${a.ok ? "right" : "WRONG"}`,
      )
      .join("\n");
    console.log(
      `judge run ${run}: ${report.score.caught}/${report.score.total} mutants caught, ${report.instances.filter((a) => a.ok).length}/${report.instances.length} instances judged right, ${(report.durationMs / 1000).toFixed(1)} s`,
    );
    signatures.push(signature);
  }
  judgeStable = signatures.every((s) => s === signatures[0]);
  if (!judgeStable) {
    const first = signatures[0]!.split("\n");
    for (const [run, signature] of signatures.entries()) {
      for (const line of signature.split("\n"))
        if (!first.includes(line)) console.log(`judge run ${run + 1} differs: ${line}`);
    }
  }
  console.log(`judge: ${judgeStable ? "the same results" : "DIFFERENT results"} in ${judgeRuns} runs`);
}
rmSync(reports, { recursive: true, force: true });
process.exit(passed === runs && judgeStable ? 0 : 1);
