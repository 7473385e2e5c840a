import { expect, test } from "@playwright/test";
import { childEnvironment } from "../support/harness";

// What a run started by the project's own tests sees of the environment of the test that starts it.

const inherited = {
  PATH: "/usr/bin",
  HOME: "/home/ci",
  CI: "true",
  CONFORMANCE_TOKEN: "the outer run's token",
  CONFORMANCE_REPORT_DIR: "/outer/reports",
  TEST_WORKER_INDEX: "1",
  TEST_PARALLEL_INDEX: "1",
  PW_TS_ESM_LOADER_ON: "1",
  PLAYWRIGHT_BROWSERS_PATH: "/ms-playwright",
  JUDGE_RUN_ID: "outer-run",
  SUITE_EXCHANGE_LOG_DIR: "/outer/reports/exchanges",
  FORCE_COLOR: "1",
  GITHUB_STEP_SUMMARY: "/github/step-summary.md",
  GITHUB_STEP_SUMMARY_EXTRA: "kept: only the exact name is the job summary",
};

const cases: [string, { given: Record<string, string>; want: Record<string, string | undefined> }][] = [
  [
    "only the given settings reach the child",
    {
      given: { CONFORMANCE_BASE_URL: "http://127.0.0.1:9/accesscontrol" },
      want: {
        CONFORMANCE_BASE_URL: "http://127.0.0.1:9/accesscontrol",
        CONFORMANCE_TOKEN: undefined,
        CONFORMANCE_REPORT_DIR: undefined,
      },
    },
  ],
  [
    "no Playwright worker, judge or colour variable leaks",
    {
      given: {},
      want: {
        TEST_WORKER_INDEX: undefined,
        TEST_PARALLEL_INDEX: undefined,
        // The outer run's exchange log: a child run that logs (the judge's workers) must not write into it.
        SUITE_EXCHANGE_LOG_DIR: undefined,
        PW_TS_ESM_LOADER_ON: undefined,
        PLAYWRIGHT_BROWSERS_PATH: undefined,
        JUDGE_RUN_ID: undefined,
        FORCE_COLOR: undefined,
      },
    },
  ],
  [
    "no job summary to append to",
    {
      given: {},
      want: { GITHUB_STEP_SUMMARY: undefined, GITHUB_STEP_SUMMARY_EXTRA: inherited.GITHUB_STEP_SUMMARY_EXTRA },
    },
  ],
  ["the rest of the environment stays", { given: {}, want: { PATH: "/usr/bin", HOME: "/home/ci", CI: "true" } }],
  ["no .env file by default", { given: {}, want: { CONFORMANCE_ENV_FILE: "none" } }],
  ["a .env file when given", { given: { CONFORMANCE_ENV_FILE: "ci.env" }, want: { CONFORMANCE_ENV_FILE: "ci.env" } }],
  [
    "a given variable of another kind is passed on",
    { given: { JUDGE_RUN_ID: "mine" }, want: { JUDGE_RUN_ID: "mine" } },
  ],
  ["never colour codes, even when asked for", { given: { NO_COLOR: "" }, want: { NO_COLOR: "1" } }],
];

for (const [title, { given, want }] of cases) {
  test(`child environment: ${title}`, () => {
    const env = childEnvironment(given, inherited);
    for (const [name, value] of Object.entries(want)) expect(env[name], name).toBe(value);
  });
}
