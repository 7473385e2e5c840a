import { expect, test } from "@playwright/test";
import { parseRetryAfter } from "../../src/core/retry-after";

const cases: [string, { given: string | null; want: number | RegExp }][] = [
  ["whole seconds", { given: "30", want: 30 }],
  ["zero", { given: "0", want: 0 }],
  ["surrounding white space", { given: " 5 ", want: 5 }],
  ["a large value", { given: "3600", want: 3600 }],
  ["missing", { given: null, want: /missing/ }],
  ["empty", { given: "", want: /not a whole number/ }],
  ["a fraction", { given: "1.5", want: /not a whole number/ }],
  ["negative", { given: "-1", want: /not a whole number/ }],
  ["a unit", { given: "10s", want: /not a whole number/ }],
  ["an HTTP-date", { given: "Wed, 21 Oct 2026 07:28:00 GMT", want: /HTTP-date/ }],
  ["a word", { given: "soon", want: /not a whole number/ }],
];

for (const [title, { given, want }] of cases) {
  test(`Retry-After: ${title}`, () => {
    const parsed = parseRetryAfter(given);
    if (typeof want === "number") expect(parsed).toEqual({ ok: true, seconds: want });
    else {
      expect(parsed.ok).toBe(false);
      expect(parsed.ok ? "" : parsed.reason).toMatch(want);
    }
  });
}
