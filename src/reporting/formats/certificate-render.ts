/**
 * The certificate's document model (headings, paragraphs, lists, tables of
 * inline text) rendered to Markdown and to HTML; every text is escaped for
 * the format it lands in.
 */
import type { Verdict } from "../../verdict/finding";

/** `badge`: the run's verdict, strong text coloured by its verdict. */
export type Inline =
  string | { code: string } | { strong: string } | { verdict: Verdict } | { badge: Verdict; text: string };

/** `id` names a block in the HTML (an anchor, and a handle for layout tests); Markdown has no use for it. */
export type Block =
  /** `keep`: the start of `text` that HTML keeps on one line (an id with its level and verdict). */
  | { kind: "heading"; level: 1 | 2 | 3; text: string; id?: string; keep?: string }
  | { kind: "paragraph"; content: Inline[]; id?: string }
  | { kind: "list"; items: Inline[][]; ordered?: boolean; id?: string }
  /** `columns`: how each column's cells may wrap in HTML (ColumnKind); text by default. */
  | { kind: "table"; header: string[]; rows: Inline[][][]; id?: string; columns?: ColumnKind[] }
  /** Preformatted text, such as a command to copy: a fenced block, <pre>. */
  | { kind: "code"; text: string; id?: string };

/**
 * How a table column's cells wrap in HTML: `word` holds one word (an id, a
 * level, a verdict) that never breaks, `long` long tokens (paths, bodies) that
 * may break anywhere, `text` prose that breaks between words.
 */
export type ColumnKind = "word" | "text" | "long";

/** A `word` longer than this (no catalog id is) is laid out as `long`, so that it cannot widen the page. */
const longestWord = 40;

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
      return block.items.map((item, i) => `${block.ordered ? `${i + 1}.` : "-"} ${markdownInlines(item)}`).join("\n");
    case "code":
      return markdownFence(block.text);
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
  if ("badge" in inline) return `**${markdownText(inline.text)}**`;
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

/** A fenced code block, its fence longer than any run of backticks it holds (so it cannot be closed from inside). */
export function markdownFence(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longestRun + 1));
  return `${fence}\n${text.replace(/\r\n?/g, "\n")}\n${fence}`;
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
  const id = block.id ? ` id="${escapeHtml(block.id)}"` : "";
  switch (block.kind) {
    case "heading":
      return `<h${block.level}${id}>${htmlHeading(block.text, block.keep)}</h${block.level}>`;
    case "paragraph":
      return `<p${id}>${htmlInlines(block.content)}</p>`;
    case "list": {
      const tag = block.ordered ? "ol" : "ul";
      return `<${tag}${id}>\n${block.items.map((item) => `<li>${htmlInlines(item)}</li>`).join("\n")}\n</${tag}>`;
    }
    case "code":
      return `<pre${id}><code>${escapeHtml(block.text)}</code></pre>`;
    case "table": {
      // A column empty on every row (no finding where every check passed) takes no room at all.
      const shown = block.header.map((_, i) => i).filter((i) => block.rows.some((cells) => plainText(cells[i]) !== ""));
      const cell = (content: Inline[] | undefined, i: number) =>
        `<td${block.columns ? ` class="${cellKind(block.columns[i], content)}"` : ""}>${htmlInlines(content ?? [])}</td>`;
      return [
        `<table${id}>`,
        `<thead><tr>${shown.map((i) => `<th>${htmlText(block.header[i]!)}</th>`).join("")}</tr></thead>`,
        "<tbody>",
        ...block.rows.map((cells) => `<tr>${shown.map((i) => cell(cells[i], i)).join("")}</tr>`),
        "</tbody>",
        "</table>",
      ].join("\n");
    }
  }
}

function htmlHeading(text: string, keep: string | undefined): string {
  if (!keep || !text.startsWith(keep) || keep.length > longestWord * 2) return htmlText(text);
  return `<span class="word">${htmlText(keep)}</span>${htmlText(text.slice(keep.length))}`;
}

function cellKind(kind: ColumnKind = "text", content: Inline[] | undefined): ColumnKind {
  return kind === "word" && plainText(content).length > longestWord ? "long" : kind;
}

function plainText(content: Inline[] | undefined): string {
  return (content ?? [])
    .map((inline) => {
      if (typeof inline === "string") return inline;
      if ("code" in inline) return inline.code;
      if ("strong" in inline) return inline.strong;
      if ("badge" in inline) return inline.text;
      return inline.verdict;
    })
    .join("")
    .trim();
}

function htmlInlines(content: Inline[]): string {
  return content.map(htmlInline).join("");
}

function htmlInline(inline: Inline): string {
  if (typeof inline === "string") return htmlText(inline);
  if ("code" in inline) return `<code>${escapeHtml(inline.code)}</code>`;
  if ("strong" in inline) return `<strong>${htmlText(inline.strong)}</strong>`;
  if ("badge" in inline) return `<strong class="badge ${inline.badge}">${htmlText(inline.text)}</strong>`;
  return `<span class="verdict ${inline.verdict}">${escapeHtml(inline.verdict)}</span>`;
}

function htmlText(text: string): string {
  return escapeHtml(text).replace(/\r?\n/g, "<br>");
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const stylesheet = `
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; margin: 2rem; line-height: 1.4; overflow-wrap: break-word; }
h1 { font-size: 1.6rem; margin-bottom: .5rem; }
h2 { font-size: 1.2rem; margin-top: 1.5rem; }
ul, ol { padding-left: 1.2rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .3rem; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f3f3f3; padding: .4rem .5rem; font-size: .8rem; }
pre code { background: none; padding: 0; }
.badge { display: inline-block; padding: .1em .5em; border-radius: 4px; font-size: 1.1rem; }
.badge.pass { background: #d8f0d8; }
.badge.fail { background: #f6d0d0; }
#fix-first li, #what-changed li { margin-bottom: .3rem; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .85em; background: #f3f3f3; padding: 0 .2em; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; }
th, td { border: 1px solid #bbb; padding: .3rem .4rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { white-space: nowrap; }
td.word, span.word { white-space: nowrap; }
td.text, td.long { overflow-wrap: anywhere; }
td.text { min-width: 10em; }
td.long { min-width: 8em; }
th { background: #eee; }
.verdict { font-weight: 600; padding: 0 .3em; border-radius: 3px; white-space: nowrap; }
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
  tr, pre { break-inside: avoid; }
}
`;
