import path from "node:path";
import { defineConfig } from "@playwright/test";
import { reportDir } from "./src/reporting/report-dir";

// `npm run merge` merges the shards' blob reports with this: the reports of playwright.config.ts that come from
// Playwright, with the same options, into the merge's report directory.
const reports = reportDir();

export default defineConfig({
  reporter: [
    ["junit", { outputFile: path.join(reports, "junit.xml"), embedAnnotationsAsProperties: true }],
    ["html", { outputFolder: path.join(reports, "html"), open: "never" }],
    ["json", { outputFile: path.join(reports, "playwright.json") }],
  ],
});
