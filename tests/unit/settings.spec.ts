import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { ConfigError, embeddedRateLimitBudget, knownSettings, readSettings } from "../../src/config/settings";
import { repoRoot } from "../../src/validation/spec";

const itwin = "4caed38b-9823-453f-8290-e9dd2b591174";
const external = { CONFORMANCE_BASE_URL: "https://qa-api.example.test/accesscontrol", CONFORMANCE_TOKEN: "abc.def.ghi", CONFORMANCE_ITWIN_ID: itwin };

const valid: [string, { given: NodeJS.ProcessEnv; want: Record<string, unknown> }][] = [
  ["nothing set: the embedded service with its probe budget", { given: {}, want: { baseUrl: undefined, rateLimitBudget: embeddedRateLimitBudget } }],
  ["an external target: no probe unless a budget is set", { given: external, want: { baseUrl: external.CONFORMANCE_BASE_URL, rateLimitBudget: 0 } }],
  ["a trailing slash is dropped", { given: { ...external, CONFORMANCE_BASE_URL: "https://x.test/accesscontrol/" }, want: { baseUrl: "https://x.test/accesscontrol" } }],
  ["an upper-case iTwin id is normalised", { given: { ...external, CONFORMANCE_ITWIN_ID: itwin.toUpperCase() }, want: { itwinId: itwin } }],
  ["an explicit budget", { given: { ...external, CONFORMANCE_RATE_LIMIT_BUDGET: "600" }, want: { rateLimitBudget: 600 } }],
  ["an optional setting left blank counts as unset", { given: { CONFORMANCE_RATE_LIMIT_BUDGET: "", CONFORMANCE_REQUEST_TIMEOUT_MS: " " }, want: { rateLimitBudget: embeddedRateLimitBudget, requestTimeoutMs: 15_000 } }],
  ["unrelated variables are left alone", { given: { CONFIG_BASE_URL: "x", BASE_URL: "y", TOKEN: "z" }, want: { baseUrl: undefined } }],
];

for (const [title, { given, want }] of valid) {
  test(`settings: ${title}`, () => {
    expect(readSettings(given)).toMatchObject(want);
  });
}

const invalid: [string, { given: NodeJS.ProcessEnv; want: RegExp }][] = [
  ["a base URL without a token", { given: { CONFORMANCE_BASE_URL: external.CONFORMANCE_BASE_URL, CONFORMANCE_ITWIN_ID: itwin }, want: /CONFORMANCE_TOKEN is required/ }],
  ["a base URL without an iTwin", { given: { CONFORMANCE_BASE_URL: external.CONFORMANCE_BASE_URL, CONFORMANCE_TOKEN: "t" }, want: /CONFORMANCE_ITWIN_ID is required/ }],
  ["a token without a base URL", { given: { CONFORMANCE_TOKEN: "t" }, want: /CONFORMANCE_TOKEN is set but CONFORMANCE_BASE_URL is not/ }],
  ["a relative base URL", { given: { ...external, CONFORMANCE_BASE_URL: "accesscontrol" }, want: /not an absolute URL/ }],
  ["another protocol", { given: { ...external, CONFORMANCE_BASE_URL: "ftp://x.test/" }, want: /must be http\(s\)/ }],
  ["credentials in the URL", { given: { ...external, CONFORMANCE_BASE_URL: "https://u:p@x.test/" }, want: /must not carry credentials/ }],
  ["a token with the Bearer prefix", { given: { ...external, CONFORMANCE_TOKEN: "Bearer abc" }, want: /without the 'Bearer ' prefix/ }],
  ["a non-GUID iTwin", { given: { ...external, CONFORMANCE_ITWIN_ID: "my-itwin" }, want: /must be a GUID/ }],
  ["a negative budget", { given: { ...external, CONFORMANCE_RATE_LIMIT_BUDGET: "-5" }, want: /whole number from 0/ }],
  ["a budget that is not a number", { given: { ...external, CONFORMANCE_RATE_LIMIT_BUDGET: "lots" }, want: /whole number/ }],
  ["a misspelt setting", { given: { CONFORMANCE_BASEURL: "https://x.test" }, want: /CONFORMANCE_BASEURL is not a setting of this suite \(did you mean CONFORMANCE_BASE_URL\?\)/ }],
  ["a misspelt prefix", { given: { CONFORMACE_BASE_URL: "https://x.test" }, want: /CONFORMACE_BASE_URL is not a setting of this suite \(did you mean CONFORMANCE_BASE_URL\?\)/ }],
  ["a lower-case name", { given: { conformance_base_url: "https://x.test" }, want: /conformance_base_url is not a setting of this suite \(did you mean CONFORMANCE_BASE_URL\?\)/ }],
  ["an empty base URL, as a missing CI secret gives", { given: { CONFORMANCE_BASE_URL: "", CONFORMANCE_TOKEN: "", CONFORMANCE_ITWIN_ID: "" }, want: /CONFORMANCE_BASE_URL is set but empty/ }],
];

for (const [title, { given, want }] of invalid) {
  test(`settings error: ${title}`, () => {
    expect(() => readSettings(given)).toThrow(ConfigError);
    expect(() => readSettings(given)).toThrow(want);
  });
}

test("settings: every problem is reported at once", () => {
  expect(() => readSettings({ CONFORMANCE_BASE_URL: "nope", CONFORMANCE_RATE_LIMIT_BUDGET: "x" })).toThrow(
    /configuration errors:\n {2}- .*\n {2}- .*\n {2}- .*\n {2}- /,
  );
});

const tokenLike = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJjb25mb3JtYW5jZSJ9.c2lnbmF0dXJlLWJ5dGVz";
const leakyMistakes: [string, NodeJS.ProcessEnv][] = [
  ["the token with its Bearer prefix", { CONFORMANCE_TOKEN: `Bearer ${tokenLike}` }],
  ["the token pasted as the iTwin id", { ...external, CONFORMANCE_ITWIN_ID: tokenLike }],
  ["the token pasted as the base URL", { ...external, CONFORMANCE_BASE_URL: tokenLike }],
  ["the token pasted as the budget", { ...external, CONFORMANCE_RATE_LIMIT_BUDGET: tokenLike }],
];

for (const [title, given] of leakyMistakes) {
  test(`settings: ${title} is reported without showing it`, () => {
    expect(() => readSettings(given)).toThrow(ConfigError);
    expect(() => readSettings(given)).not.toThrow(tokenLike.slice(0, 20));
  });
}

test(".env.example documents every setting the suite reads", () => {
  const example = readFileSync(path.join(repoRoot, ".env.example"), "utf8");
  expect(knownSettings.map((s) => s.name).filter((name) => !example.includes(`# ${name}=`))).toEqual([]);
});
