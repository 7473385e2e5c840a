import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { gzipSync, strToU8, zipSync, type Zippable } from "fflate";
import { filesUnder, searchForCanaries, type CanarySearch, type Source } from "../support/canary-search";

const canary = "canary-secret-0123456789";
const nearMiss = "canary-secret-0123456780";
const text = (value: string) => strToU8(`some output, then ${value}, then more output`);
const stored = (files: Zippable) => zipSync(files, { level: 0 });
const deflated = (files: Zippable) => zipSync(files, { level: 9 });

// Playwright's HTML report: its data is a zip, base64 in a template of index.html.
const reportZip = Buffer.from(deflated({ "report.json": text(canary) })).toString("base64");
const html = `<html><script>const x = 1;</script><template id="playwrightReportBase64">data:application/zip;base64,${reportZip}</template></html>`;
// The JSON reporter's attachments: their bodies are base64 in JSON.
const attachment = Buffer.from(text(canary)).toString("base64");
const json = JSON.stringify({ attachments: [{ name: "exchange", contentType: "text/plain", body: attachment }] });

function nested(levels: number): Uint8Array {
  let archive = deflated({ "entry.txt": text(canary) });
  for (let level = 1; level < levels; level++) archive = deflated({ [`level-${level}.zip`]: archive });
  return archive;
}

const cases: [string, { given: Source[]; want: { found: string[]; unreadable?: string[] } }][] = [
  ["a canary in a plain file", { given: [{ name: "out.txt", bytes: text(canary) }], want: { found: ["out.txt"] } }],
  [
    "a canary in a stored zip entry, in the archive's bytes and in the entry",
    {
      given: [{ name: "a.zip", bytes: stored({ "entry.txt": text(canary) }) }],
      want: { found: ["a.zip", "a.zip › entry.txt"] },
    },
  ],
  [
    "a canary in a deflated zip entry, which a byte search cannot see",
    {
      given: [{ name: "trace.zip", bytes: deflated({ "test.trace": text(canary) }) }],
      want: { found: ["trace.zip › test.trace"] },
    },
  ],
  [
    "a canary in a zip inside a zip",
    {
      given: [{ name: "outer.zip", bytes: deflated({ "inner.zip": deflated({ "dir/entry.txt": text(canary) }) }) }],
      want: { found: ["outer.zip › inner.zip › dir/entry.txt"] },
    },
  ],
  [
    "a canary in a base64 zip inside HTML, as the HTML report embeds its data",
    {
      given: [{ name: "html/index.html", bytes: strToU8(html) }],
      want: { found: [`html/index.html › (base64 at ${html.indexOf(reportZip)}) › report.json`] },
    },
  ],
  [
    "a canary in base64 text, as the JSON reporter embeds attachments",
    {
      given: [{ name: "playwright.json", bytes: strToU8(json) }],
      want: { found: ["playwright.json (base64)", `playwright.json › (base64 at ${json.indexOf(attachment)})`] },
    },
  ],
  [
    "a canary in a gzip stream",
    { given: [{ name: "log.gz", bytes: gzipSync(text(canary)) }], want: { found: ["log.gz › (gunzip)"] } },
  ],
  [
    "a value that differs from the canary is not found, plain or packed",
    {
      given: [
        { name: "out.txt", bytes: text(nearMiss) },
        { name: "trace.zip", bytes: deflated({ "test.trace": text(nearMiss) }) },
        {
          name: "index.html",
          bytes: strToU8(
            html.replace(reportZip, Buffer.from(deflated({ "report.json": text(nearMiss) })).toString("base64")),
          ),
        },
      ],
      want: { found: [] },
    },
  ],
  [
    "a broken zip is reported as unreadable, not passed over",
    {
      given: [{ name: "broken.zip", bytes: deflated({ "entry.txt": text(canary) }).subarray(0, 40) }],
      want: { found: [], unreadable: ["broken.zip"] },
    },
  ],
  [
    "archives nested deeper than the search opens are reported as unreadable",
    {
      given: [{ name: "deep.zip", bytes: nested(6) }],
      want: { found: [], unreadable: ["deep.zip › level-5.zip › level-4.zip › level-3.zip › level-2.zip"] },
    },
  ],
];

const shown = (search: CanarySearch) => ({
  found: search.found.map((f) => `${f.where.join(" › ")}${f.form === "base64" ? " (base64)" : ""}`).sort(),
  unreadable: search.unreadable.map((u) => u.where.join(" › ")).sort(),
});

for (const [title, { given, want }] of cases) {
  test(title, () => {
    expect(shown(searchForCanaries([canary], given))).toEqual({
      found: [...want.found].sort(),
      unreadable: [...(want.unreadable ?? [])].sort(),
    });
  });
}

test("a finding shows where the canary is, the canary itself masked", () => {
  const [finding] = searchForCanaries(
    ["another-canary-value", canary],
    [{ name: "out.txt", bytes: text(canary) }],
  ).found;
  expect(finding).toEqual({
    canary: 1,
    where: ["out.txt"],
    form: "plain",
    context: "some output, then <canary 1>, then more output",
  });
});

test("every file under a directory is searched, named by its path inside it", ({}, testInfo) => {
  const dir = testInfo.outputPath("report");
  mkdirSync(path.join(dir, "test-results", "one"), { recursive: true });
  writeFileSync(path.join(dir, "junit.xml"), "<testsuites/>");
  writeFileSync(path.join(dir, "test-results", "one", "trace.zip"), deflated({ "test.trace": text(canary) }));
  expect(shown(searchForCanaries([canary], filesUnder(dir)))).toEqual({
    found: [path.join("test-results", "one", "trace.zip") + " › test.trace"],
    unreadable: [],
  });
});

test("a canary too short to search for reliably is refused", () => {
  expect(() => searchForCanaries(["abc"], [])).toThrow("at least 8 characters");
});
