/**
 * The settings table as documentation: .env.example and the table of
 * docs/settings.md, both written by `npm run generate` and checked for drift
 * by `npm run generate:check`.
 */
import { isPerTarget, type Setting } from "./declaration";
import { knownSettings } from "./table";

const generatedFrom = "src/settings/table.ts";

/** Its meaning, more about it, and what sets it apart (secret, external target only, set but empty refused), in sentences. */
function about(setting: Setting, extra: string[] = []): string {
  const traits = [
    ...(setting.secret ? ["A secret: keep it out of files that are committed."] : []),
    ...(setting.needsExternalTarget ? ["Only with CONFORMANCE_BASE_URL."] : []),
    ...(setting.refuseEmpty ? ["Set but empty is refused."] : []),
  ];
  const description = setting.description.endsWith(".") ? setting.description : `${setting.description}.`;
  return [description, setting.details ?? "", ...extra, ...traits].filter(Boolean).join(" ");
}

function defaultText(setting: Setting, quote: (value: string) => string): string {
  const fallback = setting.default;
  if (isPerTarget(fallback))
    return `${quote(String(fallback.embedded))} on the embedded service, ${quote(String(fallback.external))} on an external target`;
  return fallback === undefined ? "" : quote(String(fallback));
}

/** `text` as comment lines of at most `width` characters. */
function comment(text: string, width = 80): string[] {
  // An assignment in the prose must not open a line: "# CONFORMANCE_X=value" is what a setting's own line looks like.
  const words = text
    .split(/\s+/)
    .filter(Boolean)
    .reduce<string[]>((joined, word) => {
      if (/^CONFORMANCE_\w+=/.test(word) && joined.length) joined.push(`${joined.pop()} ${word}`);
      else joined.push(word);
      return joined;
    }, []);
  const lines: string[] = [];
  let line = "#";
  for (const word of words) {
    if (line !== "#" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = "#";
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}

export function envExample(): string {
  const header = [
    ...comment(
      "Settings of the conformance suite. Copy to .env (never commit it) or set them in the environment; " +
        "the environment wins over .env. Leave everything unset to run against the embedded reference service. " +
        "Each line below shows a setting's default, or an example where it has none.",
    ),
    "#",
    ...comment(`Generated from ${generatedFrom} by \`npm run generate\`: edit the table, not this file.`),
  ];
  const entries = knownSettings.map((setting) => {
    // A default that depends on the target cannot be the one value shown: it is said in words instead.
    const perTarget = isPerTarget(setting.default);
    const shown = setting.example ?? setting.switchValue ?? (perTarget ? "" : defaultText(setting, String));
    const extra = perTarget ? [`Default: ${defaultText(setting, String)}.`] : [];
    return [...comment(about(setting, extra)), `# ${setting.name}=${shown}`].join("\n");
  });
  return [header.join("\n"), ...entries].join("\n\n") + "\n";
}

export const settingsTableStart = `<!-- settings-table:start (generated from ${generatedFrom} by npm run generate) -->`;
export const settingsTableEnd = "<!-- settings-table:end -->";

function markdownTable(): string {
  const code = (text: string) => `\`${text}\``;
  const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
  const rows = knownSettings.map((setting) => [
    code(setting.name),
    code(setting.placeholder ? `${setting.flag} ${setting.placeholder}` : setting.flag),
    defaultText(setting, code),
    about(setting).replace(/\bCONFORMANCE_[A-Z_]+(=\w+)?/g, code),
  ]);
  return [
    "| variable | flag | default | meaning |",
    "| --- | --- | --- | --- |",
    ...rows.map((row) => `| ${row.map(cell).join(" | ")} |`),
  ].join("\n");
}

/** `document` with the part between its settings-table markers replaced by the current table. */
export function withSettingsTable(document: string, file: string): string {
  const start = document.indexOf(settingsTableStart);
  const end = document.indexOf(settingsTableEnd);
  if (start < 0 || end < start)
    throw new Error(`${file} has no settings-table markers (${settingsTableStart} … ${settingsTableEnd})`);
  return `${document.slice(0, start)}${settingsTableStart}\n${markdownTable()}\n${document.slice(end)}`;
}
