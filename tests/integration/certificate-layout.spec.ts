/// <reference lib="dom" />
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, expect, test, type Browser, type Page } from "@playwright/test";
import { certificateHtml } from "../../src/reporting/formats/certificate";
import type { ConformanceReport } from "../../src/reporting/conformance-report";
import { checkResult } from "../support/check-results";

// The HTML certificate as a browser lays it out: what to fix comes first, nothing spills out of an A4 page.
// Playwright cannot download its browser here, so this uses the system's Chromium (Debian's package).

const chromiumPath = "/usr/bin/chromium";
test.skip(!existsSync(chromiumPath), `needs Chromium at ${chromiumPath}: install it with apt-get install -y chromium`);

const longId = "0123456789abcdef".repeat(8);
const curl =
  `curl --fail-with-body -X DELETE 'http://127.0.0.1:5000/accesscontrol/itwins/${longId}/members/groups/${longId}' ` +
  `-H 'Authorization: Bearer $CONFORMANCE_TOKEN' -H 'Accept: application/vnd.bentley.itwin-platform.v2+json'`;

const failing = (id: string, over: Partial<ConformanceReport["checks"][number]> = {}) =>
  checkResult({
    id,
    title: `A requirement with a long title that wraps ${id} ${longId}`,
    verdict: "fail",
    reason: `t: raw`,
    summary: `DELETE /itwins/${longId}/members/groups/${longId} answered 204; the documentation requires 404.`,
    occurrences: 8,
    evidence: {
      outcome: "violation",
      request: `DELETE /itwins/${longId}/members/groups/${longId}`,
      status: 204,
      body: `{"error":{"code":"${longId}${longId}"}}`,
      test: "a test",
      curl,
    },
    ...over,
  });

const report: ConformanceReport = {
  suite: { name: "itwin-remove-group-member-conformance", version: "1.2.3", commit: "c".repeat(40) },
  implementation: { name: "acme-access-control-mock", version: "4.5.6-rc.1" },
  fixtures: "manifest",
  verdict: "fail",
  operation: "DELETE /itwins/{id}/members/groups/{groupId}",
  target: { baseUrl: `http://127.0.0.1:5000/accesscontrol/${longId}`, embedded: false, itwinId: longId },
  spec: { file: "specs/remove-itwin-group-member.openapi.yaml", sha256: "ab".repeat(32) },
  startedAt: "2025-03-04T05:06:07.089Z",
  durationMs: 83_400,
  requests: 212,
  traffic: null,
  runStatus: "passed",
  summary: { pass: 1, fail: 3, warn: 1, skip: 0 },
  runErrors: [],
  history: { runsKnown: 2 },
  checks: [
    failing("REMOVE-204", { change: "new-failure" }),
    checkResult({ id: "REMOVE-NO-BODY", change: "fixed" }),
    failing("NOT-FOUND-GROUP", { change: "still-failing", failingSince: "2025-03-01T00:00:00.000Z" }),
    failing(`MALFORMED-ID-${longId}`),
    failing("AUTH-WWW-AUTHENTICATE", { level: "SHOULD", verdict: "warn" }),
  ],
};

let browser: Browser;
let dir: string;
let url: string;

test.beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumPath });
  dir = mkdtempSync(path.join(tmpdir(), "certificate-layout-"));
  const file = path.join(dir, "conformance.html");
  writeFileSync(file, certificateHtml(report));
  url = pathToFileURL(file).href;
});

test.afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Elements whose content is wider than their box: what would be cut off or scroll sideways. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const wide: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) wide.push(`page ${root.scrollWidth} > ${root.clientWidth}`);
    for (const el of Array.from(document.querySelectorAll("td, th, pre, li, p, h1, h2, h3")))
      if (el.scrollWidth > el.clientWidth + 1) wide.push(`${el.tagName} ${el.textContent?.slice(0, 40)}`);
    return wide;
  });
}

/**
 * The ids, levels and verdict words where the certificate names a requirement (the id, level and verdict cells of
 * the requirements table, the verdict labels, the id, level and verdict that start a finding's heading) that a line
 * break cuts inside ("MU ST", "REMO VE-204"): each word's text laid out on more than one line. An id longer than any
 * the catalog has (the long one above) may wrap, as long tokens do.
 */
function brokenWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const word = /^(MUST|SHOULD|pass|fail|warn|skip|[A-Z][A-Z0-9]*(-[A-Z0-9]+)+)$/;
    const broken: string[] = [];
    for (const el of Array.from(
      document.querySelectorAll("#requirements td:nth-child(-n+3), #requirements th, .verdict, h3 .word"),
    )) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const match of node.textContent!.matchAll(/[A-Za-z0-9-]+/g)) {
          if (!word.test(match[0]) || match[0].length > 40) continue;
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top)));
          if (lines.size > 1) broken.push(`${el.tagName} ${match[0]}`);
        }
      }
    }
    return broken;
  });
}

// A4 portrait is 794 CSS pixels wide, landscape 1123; the print stylesheet lays it out landscape.
for (const { name, width, media } of [
  { name: "A4 portrait width on screen", width: 794, media: "screen" as const },
  { name: "1024 px on screen", width: 1024, media: "screen" as const },
  { name: "1280 px on screen", width: 1280, media: "screen" as const },
  { name: "1920 px on screen", width: 1920, media: "screen" as const },
  { name: "A4 landscape width in print", width: 1123, media: "print" as const },
  { name: "A4 portrait width in print", width: 794, media: "print" as const },
]) {
  test(`certificate at ${name}: no id, level or verdict word broken inside`, async () => {
    const page = await browser.newPage({ viewport: { width, height: 1000 } });
    try {
      await page.emulateMedia({ media });
      await page.goto(url);
      expect(await brokenWords(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  test(`certificate at ${name}: nothing wider than the page, long ids and commands wrap in their boxes`, async () => {
    const page = await browser.newPage({ viewport: { width, height: 1000 } });
    try {
      await page.emulateMedia({ media });
      await page.goto(url);
      expect(await overflowing(page)).toEqual([]);
      const curlBlock = page.locator("pre").first();
      await expect(curlBlock).toBeVisible();
      expect((await curlBlock.boundingBox())!.width).toBeLessThanOrEqual(width);
    } finally {
      await page.close();
    }
  });
}

test("the verdict badge, what changed and the fix-first list come before the requirements table", async () => {
  const page = await browser.newPage({ viewport: { width: 794, height: 1000 } });
  try {
    await page.goto(url);
    const badge = page.locator("#verdict .badge");
    await expect(badge).toBeVisible();
    await expect(badge).toHaveText("Verdict: FAIL");
    expect(await badge.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(246, 208, 208)");
    const fixFirst = page.locator("#fix-first");
    await expect(fixFirst).toBeVisible();
    await expect(fixFirst.locator("li")).toHaveCount(3);
    await expect(fixFirst.locator("li").first()).toContainText("REMOVE-204: 8 requests answered like this");
    const top = async (selector: string) => (await page.locator(selector).boundingBox())!.y;
    expect(await top("#verdict")).toBeLessThan(await top("#what-changed"));
    expect(await top("#what-changed")).toBeLessThan(await top("#fix-first"));
    expect(await top("#fix-first")).toBeLessThan(await top("#requirements"));
    // The first screen tells what to fix: the list starts within the first viewport.
    expect(await top("#fix-first")).toBeLessThan(1000);
  } finally {
    await page.close();
  }
});

test("word check: a table that breaks words inside is caught", async () => {
  const page = await browser.newPage({ viewport: { width: 794, height: 1000 } });
  try {
    await page.goto(url);
    await page.addStyleTag({
      content:
        "td { white-space: normal !important; overflow-wrap: anywhere !important; } td:nth-child(1) { width: 1px; }",
    });
    expect(await brokenWords(page)).toEqual(expect.arrayContaining(["TD MUST", "TD NOT-FOUND-GROUP"]));
  } finally {
    await page.close();
  }
});

test("columns are sized by their content; a finding column empty on every row takes no room", async () => {
  const passing: ConformanceReport = {
    ...report,
    verdict: "pass",
    summary: { pass: 2, fail: 0, warn: 0, skip: 0 },
    checks: [checkResult({ id: "REMOVE-204" }), checkResult({ id: "AUTHZ-PERMISSION-REMOVES" })],
  };
  const file = path.join(dir, "passing.html");
  writeFileSync(file, certificateHtml(passing));
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  try {
    await page.goto(pathToFileURL(file).href);
    await expect(page.locator("#requirements th")).toHaveText(["id", "level", "verdict", "requirement", "evidence"]);
    await page.goto(url);
    await expect(page.locator("#requirements th")).toHaveText([
      "id",
      "level",
      "verdict",
      "requirement",
      "finding",
      "evidence",
    ]);
    // The level and verdict columns are as wide as their words, not a share of the page.
    const widths = await page
      .locator("#requirements th")
      .evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().width));
    expect(widths[1]).toBeLessThan(100);
    expect(widths[2]).toBeLessThan(100);
  } finally {
    await page.close();
  }
});
