import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { knownSettings } from "../../src/settings/table";
import { repoRoot } from "../../src/validation/spec";

// The docs describe settings in prose; the settings table declares them. A name the table does not have is a typo or
// a setting that was renamed or removed.

const pages = ["README.md", ...readdirSync(path.join(repoRoot, "docs")).map((name) => `docs/${name}`)].filter((file) =>
  file.endsWith(".md"),
);
const declared = new Set<string>(knownSettings.map((s) => s.name));

for (const page of pages) {
  test(`${page} names only settings of the settings table`, () => {
    const text = readFileSync(path.join(repoRoot, page), "utf8");
    const named = new Set(text.match(/\bCONFORMANCE_[A-Z0-9]+(?:_[A-Z0-9]+)*\b/g) ?? []);
    expect([...named].filter((name) => !declared.has(name)).sort()).toEqual([]);
  });
}
