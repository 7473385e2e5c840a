import { defineConfig } from "@playwright/test";

// A bare Playwright run: default reporter, no global setup, one test.
export default defineConfig({
  testDir: ".",
  reporter: "list",
  outputDir: "../../reports/bench-baseline-results",
});
