/**
 * The certificate's document model (headings, paragraphs, lists, tables of
 * inline text) rendered to Markdown and to HTML; every text is escaped for
 * the format it lands in.
 */
import type { Verdict } from "../verdict/finding";

export type Inline = string | { code: string } | { strong: string } | { verdict: Verdict };

export type Block =
  | { kind: "heading"; level: 1 | 2; text: string }
  | { kind: "paragraph"; content: Inline[] }
  | { kind: "list"; items: Inline[][] }
  | { kind: "table"; header: string[]; rows: Inline[][][] };

export interface Certificate {
  title: string;
  blocks: Block[];
}

export function renderMarkdown(certificate: Certificate): string {
  return certificate.blocks.map(markdownBlock).join("\n\n") + "\n";
}

function markdownBlock(block: Block): string {
  switch (block.kind) {
    case "heading":
      return `${"#".repeat(block.level)} ${markdownText(block.text)}`;
    case "paragraph":
      return markdownInlines(block.content);
    case "list":
      return block.items.map((item) => `- ${markdownInlines(item)}`).join("\n");
    case "table": {
      const row = (cells: string[]) => `| ${cells.map((c) => c || " ").join(" | ")} |`;
      return [
        row(block.header.map((h) => markdownText(h))),
        row(block.header.map(() => "---")),
        ...block.rows.map((cells) => row(cells.map((cell) => markdownInlines(cell, true)))),
      ].join("\n");
    }
  }
}

function markdownInlines(content: Inline[], inTable = false): string {
  return content.map((inline) => markdownInline(inline, inTable)).join("");
}

function markdownInline(inline: Inline, inTable: boolean): string {
  if (typeof inline === "string") return markdownText(inline);
  if ("code" in inline) return markdownCode(inline.code, inTable);
  if ("strong" in inline) return `**${markdownText(inline.strong)}**`;
  return inline.verdict === "fail" || inline.verdict === "warn" ? `**${inline.verdict}**` : inline.verdict;
}

/**
 * Plain text: Markdown's syntax characters are escaped (so a quoted body can
 * neither format nor inject HTML), and newlines become <br>, the one line
 * break a table cell can hold. `|` is escaped everywhere, which also keeps it
 * from ending a table cell.
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\\`*[\]<>|~&#]/g, (c) => `\\${c}`)
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, "\\_")
    .replace(/\r?\n/g, "<br>");
}

/**
 * A code span fenced with more backticks than it holds in a row. Inside a
 * table cell, GitHub ends the cell at any unescaped `|`, code or not.
 */
export function markdownCode(code: string, inTable = false): string {
  const oneLine = code.replace(/\s*\r?\n\s*/g, " ");
  const longestRun = Math.max(0, ...(oneLine.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const padded = /^[` ]|[` ]$/.test(oneLine) ? ` ${oneLine} ` : oneLine;
  return `${fence}${inTable ? padded.replace(/\|/g, "\\|") : padded}${fence}`;
}

// --- HTML: one self-contained page, no external assets, fit to print ---

export function renderHtml(certificate: Certificate): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(certificate.title)}</title>`,
    `<style>${stylesheet}</style>`,
    "</head>",
    "<body>",
    ...certificate.blocks.map(htmlBlock),
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

function htmlBlock(block: Block): string {
  switch (block.kind) {
    case "heading":
      return `<h${block.level}>${htmlText(block.text)}</h${block.level}>`;
    case "paragraph":
      return `<p>${htmlInlines(block.content)}</p>`;
    case "list":
      return `<ul>\n${block.items.map((item) => `<li>${htmlInlines(item)}</li>`).join("\n")}\n</ul>`;
    case "table":
      return [
        "<table>",
        `<thead><tr>${block.header.map((h) => `<th>${htmlText(h)}</th>`).join("")}</tr></thead>`,
        "<tbody>",
        ...block.rows.map((cells) => `<tr>${cells.map((cell) => `<td>${htmlInlines(cell)}</td>`).join("")}</tr>`),
        "</tbody>",
        "</table>",
      ].join("\n");
  }
}

function htmlInlines(content: Inline[]): string {
  return content.map(htmlInline).join("");
}

function htmlInline(inline: Inline): string {
  if (typeof inline === "string") return htmlText(inline);
  if ("code" in inline) return `<code>${escapeHtml(inline.code)}</code>`;
  if ("strong" in inline) return `<strong>${htmlText(inline.strong)}</strong>`;
  return `<span class="verdict ${inline.verdict}">${escapeHtml(inline.verdict)}</span>`;
}

function htmlText(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, "<br>");
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const stylesheet = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; margin: 2rem; line-height: 1.4; }
h1 { font-size: 1.6rem; margin-bottom: .5rem; }
h2 { font-size: 1.2rem; margin-top: 1.5rem; }
ul { padding-left: 1.2rem; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85em; background: #f3f3f3; padding: 0 .2em; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { border: 1px solid #bbb; padding: .3rem .4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; }
.verdict { font-weight: 600; padding: 0 .3em; border-radius: 3px; }
.verdict.pass { background: #d8f0d8; }
.verdict.fail { background: #f6d0d0; }
.verdict.warn { background: #f8ebc4; }
.verdict.skip { background: #e4e4e4; }
* { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@page { size: A4 landscape; margin: 12mm; }
@media print {
  body { margin: 0; font-size: 9pt; }
  table { font-size: 8pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
`;
