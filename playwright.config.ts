import path from "node:path";
import { defineConfig } from "@playwright/test";
import { loadEnvFile } from "./src/config/env-file";

try {
  loadEnvFile();
} catch {
  // Reported, with exit code 2, by the global setup.
}
const ci = !!process.env.CI;
const reports = path.resolve(process.env.CONFORMANCE_REPORT_DIR || "reports");

export default defineConfig({
  globalSetup: "./tests/config/global-setup.ts",
  // API tests only: no browser is launched, so none is installed.
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: ci,
  timeout: 30_000,
  reportSlowTests: null,
  outputDir: path.join(reports, "test-results"),
  reporter: [
    [ci ? "dot" : "list"],
    ["./src/reporting/conformance-reporter.ts", { outputDir: reports }],
    ["junit", { outputFile: path.join(reports, "junit.xml"), embedAnnotationsAsProperties: true }],
    ["html", { outputFolder: path.join(reports, "html"), open: "never" }],
    ["allure-playwright", { resultsDir: path.join(reports, "allure-results"), detail: false, suiteTitle: false }],
    ["json", { outputFile: path.join(reports, "playwright.json") }],
  ],
  use: { trace: "off" },
  projects: [
    { name: "unit", testDir: "tests/unit" },
    // The rate-limit check mostly waits out Retry-After; as its own project,
    // listed first, it starts at once and its wait overlaps every other check.
    {
      name: "conformance: rate limit",
      testDir: "tests/conformance",
      testMatch: "rate-limit.spec.ts",
      metadata: { conformance: true },
    },
    {
      name: "conformance",
      testDir: "tests/conformance",
      testIgnore: "rate-limit.spec.ts",
      metadata: { conformance: true },
    },
  ],
});
