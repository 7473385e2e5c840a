import { expect, test } from "@playwright/test";
import {
  certificateHtml,
  certificateMarkdown,
  escapeHtml,
  formatDuration,
  markdownCode,
  markdownFence,
  markdownText,
  renderHtml,
  renderMarkdown,
  type Certificate,
} from "../../src/reporting/formats/certificate";
import type { ConformanceReport } from "../../src/reporting/conformance-report";
import { checkResult } from "../support/check-results";

// The certificate: conformance.md and conformance.html, rendered from the verdict's report.

const check = checkResult;

const report = (over: Partial<ConformanceReport> = {}): ConformanceReport => ({
  suite: {
    name: "itwin-remove-group-member-conformance",
    version: "1.2.3",
    commit: "0123456789abcdef0123456789abcdef01234567",
  },
  implementation: { name: null, version: null },
  fixtures: "api",
  verdict: "pass",
  operation: "DELETE /itwins/{id}/members/groups/{groupId}",
  target: {
    baseUrl: "https://qa-api.example.com/accesscontrol",
    embedded: false,
    itwinId: "4caed38b-9823-453f-8290-e9dd2b591174",
  },
  spec: { file: "specs/remove-itwin-group-member.openapi.yaml", sha256: "ab".repeat(32) },
  startedAt: "2025-03-04T05:06:07.089Z",
  durationMs: 83_400,
  requests: 212,
  traffic: { probeRequests: 25, throttled: 1, mostInFlight: 8 },
  runStatus: "passed",
  summary: { pass: 1, fail: 0, warn: 0, skip: 0 },
  runErrors: [],
  checks: [check({})],
  ...over,
});

const failWithEvidence = check({
  id: "NOT-FOUND-ITWIN",
  title: "An unknown iTwin answers 404 ItwinNotFound",
  verdict: "fail",
  reason: "an unknown iTwin answers 404 ItwinNotFound and removes nothing: expected 404, got 204",
  evidence: {
    outcome: "violation",
    request: "DELETE /itwins/u1/members/groups/g1",
    status: 204,
    body: "",
    test: "an unknown iTwin answers 404 ItwinNotFound and removes nothing",
  },
});

const skipWithReason = check({
  id: "AUTH-INVALID-TOKEN",
  title: "A malformed, garbage, expired or foreign-signed credential answers 401",
  verdict: "skip",
  reason: "set CONFORMANCE_EXPIRED_TOKEN to an expired token from the target's issuer to run this check",
});

const markdownCases: [string, { given: ConformanceReport; want: string[] }][] = [
  [
    "header fields: target, iTwin, suite and version, spec and its sha256, start, duration, verdict with counts",
    {
      given: report({ verdict: "fail", summary: { pass: 17, fail: 1, warn: 1, skip: 1 } }),
      want: [
        "# Conformance certificate",
        "**Verdict: FAIL** (",
        ": 17 pass, 1 fail, 1 warn, 1 skip)",
        "- **Target:** `https://qa-api.example.com/accesscontrol` (external)",
        "- **iTwin:** `4caed38b-9823-453f-8290-e9dd2b591174`",
        "- **Operation:** `DELETE /itwins/{id}/members/groups/{groupId}`",
        "- **Suite:** itwin-remove-group-member-conformance 1.2.3",
        `- **Specification:** \`specs/remove-itwin-group-member.openapi.yaml\`, sha256 \`${"ab".repeat(32)}\``,
        "- **Started:** 2025-03-04T05:06:07.089Z",
        "- **Duration:** 1 min 23 s",
        "- **Requests:** 212 sent, 25 of them by the rate-limit probe; 1 answer of 429 outside the probe; at most 8 in flight at once",
        "A MUST requirement that fails fails the run; a SHOULD requirement that fails is a warning (warn)",
      ],
    },
  ],
  [
    "the request count alone where the run's traffic is not known in detail",
    { given: report({ requests: 97, traffic: null }), want: ["- **Requests:** 97 sent\n"] },
  ],
  [
    "the embedded reference service is named as such",
    {
      given: report({ target: { baseUrl: "http://127.0.0.1:5000/accesscontrol", embedded: true, itwinId: "i" } }),
      want: ["`http://127.0.0.1:5000/accesscontrol` (the suite's embedded reference service)"],
    },
  ],
  [
    "a fail with its evidence: request, status, body and the test it was violated in",
    {
      given: report({ verdict: "fail", checks: [failWithEvidence] }),
      want: [
        "| `NOT-FOUND-ITWIN` | MUST | **fail** | An unknown iTwin answers 404 ItwinNotFound | an unknown iTwin answers 404 ItwinNotFound and removes nothing: expected 404, got 204 | `DELETE /itwins/u1/members/groups/g1` → 204 (empty body)<br>violated in: an unknown iTwin answers 404 ItwinNotFound and removes nothing |",
      ],
    },
  ],
  [
    "a skip with its reason and no evidence",
    {
      given: report({ checks: [skipWithReason] }),
      want: [
        "| `AUTH-INVALID-TOKEN` | MUST | skip | A malformed, garbage, expired or foreign-signed credential answers 401 | set CONFORMANCE_EXPIRED_TOKEN to an expired token from the target's issuer to run this check | none recorded |",
      ],
    },
  ],
  [
    "a pass with a MUST requirement skipped says so beside the verdict",
    {
      given: report({ checks: [check({}), skipWithReason] }),
      want: ["**Not checked: 1 MUST requirement(s)**: `AUTH-INVALID-TOKEN`. The verdict covers only what was checked"],
    },
  ],
  [
    "a body quoted as evidence keeps its pipes and backticks inside the cell",
    {
      given: report({
        checks: [
          check({
            evidence: {
              outcome: "pass",
              request: "DELETE /itwins/a/members/groups/b",
              status: 404,
              body: '{"message":"a | b ` c"}',
              test: "t",
            },
          }),
        ],
      }),
      want: ['→ 404 ``{"message":"a \\| b ` c"}``<br>held in: t |'],
    },
  ],
  [
    "a multi-line reason stays in its cell",
    {
      given: report({ checks: [check({ verdict: "fail", reason: "first: got 500\nsecond: got 502" })] }),
      want: ["| first: got 500<br>second: got 502 |"],
    },
  ],
  [
    "a long reason is quoted in part and points to the JSON",
    {
      given: report({
        checks: [
          check({ verdict: "fail", reason: Array.from({ length: 12 }, (_, i) => `test ${i}: got 500`).join("\n") }),
        ],
      }),
      want: ["test 7: got 500<br>(4 more lines of this reason in conformance.json)"],
    },
  ],
  [
    "errors outside the checks are listed",
    {
      given: report({ verdict: "fail", runErrors: ["clean-up left objects behind: role 1234"] }),
      want: ["## Errors outside the checks", "- clean-up left objects behind: role 1234"],
    },
  ],
];

for (const [title, { given, want }] of markdownCases) {
  test(`markdown: ${title}`, () => {
    const markdown = certificateMarkdown(given);
    for (const line of want) expect(markdown).toContain(line);
  });
}

test("markdown: every table row has exactly its six cells, whatever the text holds", () => {
  const hostile = check({
    title: "a | title",
    verdict: "warn",
    reason: "a | reason\nover | lines",
    evidence: { outcome: "violation", request: "DELETE /x|y", status: 500, body: "| ``` |", test: "a | test" },
  });
  const rows = certificateMarkdown(report({ checks: [hostile, failWithEvidence, skipWithReason] }))
    .split("\n")
    .filter((line) => line.startsWith("| "));
  expect(rows).toHaveLength(5);
  for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2, row).toBe(6);
});

const textEscapes: [string, { given: string; want: string }][] = [
  ["a pipe", { given: "a | b", want: "a \\| b" }],
  ["a newline", { given: "one\ntwo\r\nthree", want: "one<br>two<br>three" }],
  ["HTML", { given: "<script>x</script>", want: "\\<script\\>x\\</script\\>" }],
  ["emphasis and links", { given: "*a* [b](c) ~d~", want: "\\*a\\* \\[b\\](c) \\~d\\~" }],
  [
    "underscores at word edges, not inside words",
    { given: "_a_ CONFORMANCE_EXPIRED_TOKEN", want: "\\_a\\_ CONFORMANCE_EXPIRED_TOKEN" },
  ],
  ["a backslash and a backtick", { given: "a\\b`c", want: "a\\\\b\\`c" }],
];

for (const [title, { given, want }] of textEscapes) {
  test(`markdown text escapes ${title}`, () => {
    expect(markdownText(given)).toBe(want);
  });
}

const codeSpans: [string, { given: [string, boolean]; want: string }][] = [
  ["plain", { given: ["DELETE /a", false], want: "`DELETE /a`" }],
  ["with backticks: a longer fence", { given: ["a `b` c", false], want: "``a `b` c``" }],
  ["starting with a backtick: padded", { given: ["`x", false], want: "`` `x ``" }],
  ["a pipe in a table cell", { given: ["a|b", true], want: "`a\\|b`" }],
  ["a pipe outside a table", { given: ["a|b", false], want: "`a|b`" }],
  ["newlines become spaces", { given: ["a\n  b", false], want: "`a b`" }],
];

for (const [title, { given, want }] of codeSpans) {
  test(`markdown code span: ${title}`, () => {
    expect(markdownCode(...given)).toBe(want);
  });
}

const durations: [number, string][] = [
  [0, "0.0 s"],
  [5_449, "5.4 s"],
  [59_900, "59.9 s"],
  [83_400, "1 min 23 s"],
  [3_600_000, "60 min 0 s"],
];

for (const [given, want] of durations) {
  test(`duration ${given} ms reads ${want}`, () => expect(formatDuration(given)).toBe(want));
}

const model: Certificate = {
  title: 'T <&> "q"',
  blocks: [
    { kind: "heading", level: 1, text: "Heading <h1>" },
    {
      kind: "paragraph",
      content: [{ strong: "Verdict: <b>" }, " one\ntwo ", { code: "</code><script>alert(1)</script>" }],
    },
    { kind: "list", items: [["item & more"]] },
    { kind: "table", header: ["id", "verdict"], rows: [[[{ code: "A-ONE" }], [{ verdict: "fail" }]]] },
  ],
};

const htmlCases: [string, { want: string[]; never?: string[] }][] = [
  ["the title is escaped", { want: ["<title>T &lt;&amp;&gt; &quot;q&quot;</title>"] }],
  [
    "headings, strong and code are escaped",
    {
      want: [
        "<h1>Heading &lt;h1&gt;</h1>",
        "<strong>Verdict: &lt;b&gt;</strong>",
        "<code>&lt;/code&gt;&lt;script&gt;alert(1)&lt;/script&gt;</code>",
      ],
      never: ["<script>", "<b>"],
    },
  ],
  ["newlines in text are line breaks", { want: [" one<br>two "] }],
  [
    "lists and tables",
    {
      want: [
        "<li>item &amp; more</li>",
        "<th>id</th><th>verdict</th>",
        '<td><span class="verdict fail">fail</span></td>',
      ],
    },
  ],
  [
    "self-contained: no external asset, a print stylesheet",
    {
      want: ['<meta charset="utf-8">', "<style>", "@media print"],
      never: ["src=", "href=", "@import", "url(", "http"],
    },
  ],
];

for (const [title, { want, never = [] }] of htmlCases) {
  test(`html: ${title}`, () => {
    const html = renderHtml(model);
    for (const part of want) expect(html).toContain(part);
    for (const part of never) expect(html).not.toContain(part);
  });
}

test("html: a table's columns say how their cells wrap, and a column empty on every row is left out", () => {
  const html = renderHtml({
    title: "T",
    blocks: [
      {
        kind: "table",
        header: ["id", "finding", "evidence"],
        columns: ["word", "long", "long"],
        rows: [
          [[{ code: "A-ONE" }], [""], ["e1"]],
          [[{ code: "X".repeat(41) }], [], ["e2"]],
        ],
      },
    ],
  });
  expect(html).toContain("<thead><tr><th>id</th><th>evidence</th></tr></thead>");
  expect(html).toContain('<tr><td class="word"><code>A-ONE</code></td><td class="long">e1</td></tr>');
  // A "word" longer than any id may wrap, so that it cannot widen the page.
  expect(html).toContain(`<tr><td class="long"><code>${"X".repeat(41)}</code></td><td class="long">e2</td></tr>`);
});

test("html: the markdown's model, rendered: a fail with its evidence and a skip with its reason", () => {
  const html = certificateHtml(report({ verdict: "fail", checks: [failWithEvidence, skipWithReason] }));
  expect(html).toContain("<title>Conformance certificate: FAIL, https://qa-api.example.com/accesscontrol</title>");
  expect(html).toContain(
    "<code>DELETE /itwins/u1/members/groups/g1</code> → 204 (empty body)<br>violated in: an unknown iTwin answers 404 ItwinNotFound and removes nothing",
  );
  expect(html).toContain(
    "set CONFORMANCE_EXPIRED_TOKEN to an expired token from the target&#39;s issuer to run this check",
  );
  expect(html).toContain(`sha256 <code>${"ab".repeat(32)}</code>`);
});

test("escapeHtml escapes every character that could open markup or an attribute", () => {
  expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
    "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
  );
});

test("renderMarkdown joins blocks with blank lines and ends with a newline", () => {
  expect(
    renderMarkdown({
      title: "t",
      blocks: [
        { kind: "heading", level: 2, text: "A" },
        { kind: "paragraph", content: ["b"] },
      ],
    }),
  ).toBe("## A\n\nb\n");
});

// --- what to do: fix first, findings with their sentence and replay, what changed ---

const finding = (id: string, over: Partial<ConformanceReport["checks"][number]> = {}) =>
  check({ id, title: `${id} title`, verdict: "fail", reason: `t: raw ${id}`, summary: `${id} answered 204.`, ...over });

test("fix first: the failed MUST requirements in catalog order, each with its sentence and count", () => {
  const markdown = certificateMarkdown(
    report({
      verdict: "fail",
      checks: [
        finding("NOT-FOUND-GROUP"),
        finding("AUTH-WWW-AUTHENTICATE", { level: "SHOULD", verdict: "warn" }),
        finding("REMOVE-204", { occurrences: 8 }),
        finding("UNKNOWN-ID"),
        finding("AUTH-MISSING-HEADER", { verdict: "skip" }),
      ],
    }),
  );
  expect(markdown).toContain(
    [
      "## Fix first",
      "",
      "3 MUST requirement(s) failed; each fails the run. In the order of the catalog:",
      "",
      "1. `REMOVE-204`: 8 requests answered like this; for example: REMOVE-204 answered 204.",
      "2. `NOT-FOUND-GROUP`: NOT-FOUND-GROUP answered 204.",
      "3. `UNKNOWN-ID`: UNKNOWN-ID answered 204.",
      "",
      "## Run",
    ].join("\n"),
  );
  expect(markdown.indexOf("## Fix first")).toBeLessThan(markdown.indexOf("## Requirements"));
  // The table shows the sentence, not the raw reason; conformance.json keeps the reason.
  expect(markdown).toContain(
    "| `NOT-FOUND-GROUP` | MUST | **fail** | NOT-FOUND-GROUP title | NOT-FOUND-GROUP answered 204. |",
  );
  expect(markdown).not.toContain("raw NOT-FOUND-GROUP");
});

test("fix first is left out when no MUST failed", () => {
  const markdown = certificateMarkdown(
    report({ checks: [finding("AUTH-WWW-AUTHENTICATE", { level: "SHOULD", verdict: "warn" })] }),
  );
  expect(markdown).not.toContain("Fix first");
  expect(markdown).toContain("### AUTH-WWW-AUTHENTICATE (SHOULD warn): AUTH-WWW-AUTHENTICATE title");
});

const curl = "curl -X DELETE 'http://h/itwins/a/members/groups/b' -H 'Authorization: Bearer $TOKEN' # ```` | <x>";

test("markdown: a finding's replay command is a fenced block that its backticks cannot close", () => {
  const markdown = certificateMarkdown(
    report({
      verdict: "fail",
      checks: [finding("NOT-FOUND-GROUP", { evidence: { ...failWithEvidence.evidence!, curl } })],
    }),
  );
  expect(markdown).toContain(`Replay:\n\n\`\`\`\`\`\n${curl}\n\`\`\`\`\`\n`);
  expect(markdown).toContain(
    "**Evidence:** `DELETE /itwins/u1/members/groups/g1` → 204 (empty body)<br>violated in: an unknown iTwin answers 404 ItwinNotFound and removes nothing",
  );
});

test("html: the replay command is escaped in a <pre>, the sentence in text, the verdict a badge", () => {
  const html = certificateHtml(
    report({
      verdict: "fail",
      checks: [
        finding("NOT-FOUND-GROUP", {
          summary: "A <b>group</b> answered 204 & more",
          evidence: { ...failWithEvidence.evidence!, curl },
        }),
      ],
    }),
  );
  expect(html).toContain(
    "<pre><code>curl -X DELETE &#39;http://h/itwins/a/members/groups/b&#39; -H &#39;Authorization: Bearer $TOKEN&#39; # ```` | &lt;x&gt;</code></pre>",
  );
  expect(html).toContain(
    '<ol id="fix-first">\n<li><code>NOT-FOUND-GROUP</code>: A &lt;b&gt;group&lt;/b&gt; answered 204 &amp; more</li>',
  );
  expect(html).toContain('<p id="verdict"><strong class="badge fail">Verdict: FAIL</strong>');
  expect(html).not.toContain("<b>group");
});

test("no replay block for a finding without a command, nor for a pass that has one", () => {
  const markdown = certificateMarkdown(
    report({ checks: [check({ evidence: { ...failWithEvidence.evidence!, outcome: "pass", curl } })] }),
  );
  expect(markdown).not.toContain("Replay:");
  expect(markdown).not.toContain("## Findings");
});

test("what changed: new failures, then fixed, then flaky, then still failing with since when, at the top", () => {
  const markdown = certificateMarkdown(
    report({
      verdict: "fail",
      history: { runsKnown: 3 },
      checks: [
        finding("NOT-FOUND-GROUP", { change: "still-failing", failingSince: "2025-03-01T00:00:00.000Z" }),
        check({ id: "REMOVE-NO-BODY", change: "fixed" }),
        finding("MALFORMED-ID", { change: "new-failure" }),
        check({ id: "ERROR-JSON", change: "unchanged", flaky: true }),
        finding("REMOVE-204", { change: "new-failure" }),
      ],
    }),
  );
  expect(markdown).toContain(
    [
      "## What changed since the last run",
      "",
      "Compared with the last run (3 earlier runs known):",
      "",
      "- **New failures:** `REMOVE-204`, `MALFORMED-ID`",
      "- **Fixed:** `REMOVE-NO-BODY`",
      "- **Flaky (passed and failed within the runs known):** `ERROR-JSON`",
      "- **Still failing:** `NOT-FOUND-GROUP` (failing since 2025-03-01T00:00:00.000Z)",
      "",
      "## Fix first",
    ].join("\n"),
  );
});

test("what changed: nothing changed is said; no history, no section", () => {
  expect(certificateMarkdown(report({ history: { runsKnown: 1 } }))).toContain(
    "Nothing changed since the last run (1 earlier run known).",
  );
  for (const history of [undefined, null])
    expect(certificateMarkdown(report({ history }))).not.toContain("What changed");
});

test("markdownFence: at least three backticks, more than any run inside", () => {
  expect(markdownFence("a")).toBe("```\na\n```");
  expect(markdownFence("a ```` b")).toBe("`````\na ```` b\n`````");
});

test("markdown: the replay commands start with the exports they need and the token of a client-credentials run", () => {
  const replayed =
    'curl -X DELETE -H "Authorization: Bearer $CONFORMANCE_UNPRIVILEGED_TOKEN" "$CONFORMANCE_BASE_URL"\'/x\'';
  const markdown = certificateMarkdown(
    report({
      verdict: "fail",
      checks: [finding("NOT-FOUND-GROUP", { evidence: { ...failWithEvidence.evidence!, curl: replayed } })],
    }),
  );
  const setup = markdown.indexOf("**Replay:** each finding below ends with a curl command");
  expect(setup).toBeGreaterThan(markdown.indexOf("## Findings"));
  expect(setup).toBeLessThan(markdown.indexOf("### NOT-FOUND-GROUP"));
  expect(markdown).toContain(
    [
      "```",
      "export CONFORMANCE_BASE_URL='https://qa-api.example.com/accesscontrol'",
      "export CONFORMANCE_TOKEN='<a token of the admin identity>'",
      "export CONFORMANCE_TOKEN=$(curl -sS --data-urlencode grant_type=client_credentials \\",
    ].join("\n"),
  );
  expect(markdown).toContain("The commands also use `$CONFORMANCE_UNPRIVILEGED_TOKEN`");
  // A run whose findings have no replay needs no setup for one.
  expect(certificateMarkdown(report({ verdict: "fail", checks: [finding("NOT-FOUND-GROUP")] }))).not.toContain(
    "**Replay:**",
  );
});

test("the certificate's first lines under the verdict: the implementation, the suite's commit, the fixtures", () => {
  const lines = (over: Partial<ConformanceReport>) => certificateMarkdown(report(over)).split("\n").slice(2, 7);
  expect(lines({})).toEqual([
    expect.stringMatching(/^\*\*Verdict: PASS\*\*/),
    "",
    "**Implementation:** not named: set CONFORMANCE_IMPLEMENTATION_NAME",
    "",
    "**Suite:** itwin-remove-group-member-conformance 1.2.3, commit `0123456789abcdef0123456789abcdef01234567`; **Fixtures:** api",
  ]);
  expect(lines({ implementation: { name: "acme-mock", version: "1.4.2" } })[2]).toBe(
    "**Implementation:** `acme-mock 1.4.2`",
  );
  expect(lines({ implementation: { name: "acme-mock", version: null } })[2]).toBe("**Implementation:** `acme-mock`");
  expect(lines({ implementation: { name: null, version: "1.4.2" } })[2]).toBe(
    "**Implementation:** version `1.4.2`, not named: set CONFORMANCE_IMPLEMENTATION_NAME",
  );
  const shard = lines({ shard: { current: 2, total: 3 }, fixtures: "manifest" })[4];
  expect(shard).toContain("**Fixtures:** manifest; **Shard:** 2 of 3, its checks only: the gate is the merge");
  // A proxy provisions nothing: no fixtures to name.
  expect(lines({ fixtures: null, mode: "proxy" })[4]).not.toContain("Fixtures");
  const html = certificateHtml(report({ implementation: { name: "acme <mock>", version: "1" } }));
  expect(html).toContain("acme &lt;mock&gt; 1");
  expect(html.indexOf('id="implementation"')).toBeGreaterThan(html.indexOf('id="verdict"'));
  expect(html.indexOf('id="identity"')).toBeLessThan(html.indexOf("<h2"));
});

test("a merge's Run section lists its shards' targets when they differ, and not when they agree", () => {
  const shards = (...targets: string[]) =>
    targets.map((target, i) => ({ current: i + 1, total: targets.length, target }));
  const differing = certificateMarkdown(report({ shards: shards("http://127.0.0.1:1", "http://127.0.0.1:2") }));
  expect(differing).toContain("- **Shards:** 1 of 2 against `http://127.0.0.1:1`; 2 of 2 against `http://127.0.0.1:2`");
  const same = certificateMarkdown(report({ shards: shards("https://qa.example/ac", "https://qa.example/ac") }));
  expect(same).not.toContain("**Shards:**");
});
