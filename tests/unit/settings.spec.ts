import { ConfigError } from "../../src/core/errors";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { loadEnvFile } from "../../src/settings/env-file";
import { readSettings } from "../../src/settings/settings";
import { embeddedRateLimitBudget, knownSettings } from "../../src/settings/table";
import { identities, identitySettingNames } from "../../src/settings/identities";
import { repoRoot } from "../../src/validation/spec";

const itwin = "4caed38b-9823-453f-8290-e9dd2b591174";
const external = {
  CONFORMANCE_BASE_URL: "https://qa-api.example.test/accesscontrol",
  CONFORMANCE_TOKEN: "abc.def.ghi",
  CONFORMANCE_ITWIN_ID: itwin,
};

const { CONFORMANCE_TOKEN: _token, ...withoutToken } = external;
const { CONFORMANCE_ITWIN_ID: _itwin, ...withoutItwin } = external;

/** What each identity of src/settings/identities.ts may not be given, with the message that says so. */
const identityProblems = identities.flatMap((identity): [string, { given: NodeJS.ProcessEnv; want: RegExp }][] => {
  const { token, clientId, clientSecret } = identitySettingNames(identity);
  return [
    [
      `the admin's token as the ${identity.key} one`,
      {
        given: { ...external, [token]: external.CONFORMANCE_TOKEN },
        want: new RegExp(`${token} is the admin's CONFORMANCE_TOKEN`),
      },
    ],
    [
      `the admin's client as the ${identity.key} one`,
      {
        given: {
          ...withoutToken,
          CONFORMANCE_CLIENT_ID: "a",
          CONFORMANCE_CLIENT_SECRET: "s",
          [clientId]: "a",
          [clientSecret]: "t",
        },
        want: new RegExp(`${clientId} is the admin's CONFORMANCE_CLIENT_ID`),
      },
    ],
    [
      `a ${identity.key} token and client both`,
      {
        given: { ...external, [token]: "u", [clientId]: "c", [clientSecret]: "s" },
        want: new RegExp(`either ${token} or ${clientId} with ${clientSecret}, not both`),
      },
    ],
    [
      `a ${identity.key} client without its secret`,
      { given: { ...external, [clientId]: "c" }, want: new RegExp(`${clientId} and ${clientSecret} go together`) },
    ],
    [
      `a ${identity.key} token without a base URL`,
      { given: { [token]: "u" }, want: new RegExp(`${token} is set but CONFORMANCE_BASE_URL is not`) },
    ],
  ];
});

const valid: [string, { given: NodeJS.ProcessEnv; want: Record<string, unknown> }][] = [
  [
    "nothing set: the embedded service with its probe budget",
    { given: {}, want: { baseUrl: undefined, rateLimitBudget: embeddedRateLimitBudget } },
  ],
  [
    "an external target: no probe unless a budget is set",
    { given: external, want: { baseUrl: external.CONFORMANCE_BASE_URL, rateLimitBudget: 0 } },
  ],
  [
    "a trailing slash is dropped",
    {
      given: { ...external, CONFORMANCE_BASE_URL: "https://x.test/accesscontrol/" },
      want: { baseUrl: "https://x.test/accesscontrol" },
    },
  ],
  [
    "an upper-case iTwin id is normalised",
    { given: { ...external, CONFORMANCE_ITWIN_ID: itwin.toUpperCase() }, want: { itwinId: itwin } },
  ],
  [
    "concurrency 4 and no pacing by default",
    { given: external, want: { concurrency: 4, requestsPerMinute: undefined } },
  ],
  [
    "a concurrency and the client's tier",
    {
      given: { ...external, CONFORMANCE_CONCURRENCY: "3", CONFORMANCE_REQUESTS_PER_MINUTE: "500" },
      want: { concurrency: 3, requestsPerMinute: 500 },
    },
  ],
  [
    "an explicit budget",
    { given: { ...external, CONFORMANCE_RATE_LIMIT_BUDGET: "600" }, want: { rateLimitBudget: 600 } },
  ],
  [
    "an optional setting left blank counts as unset",
    {
      given: { CONFORMANCE_RATE_LIMIT_BUDGET: "", CONFORMANCE_REQUEST_TIMEOUT_MS: " " },
      want: { rateLimitBudget: embeddedRateLimitBudget, requestTimeoutMs: 15_000 },
    },
  ],
  [
    "a static token",
    { given: external, want: { credentials: { kind: "token", token: "abc.def.ghi" }, fixtures: "api" } },
  ],
  [
    "the client-credentials grant, with the platform's token endpoint and scope by default",
    {
      given: { ...withoutToken, CONFORMANCE_CLIENT_ID: "suite-client", CONFORMANCE_CLIENT_SECRET: "s3cret-value" },
      want: {
        credentials: {
          kind: "client-credentials",
          clientId: "suite-client",
          clientSecret: "s3cret-value",
          tokenUrl: "https://ims.bentley.com/connect/token",
          scope: "itwin-platform",
        },
      },
    },
  ],
  [
    "the client-credentials grant with another token endpoint and scope",
    {
      given: {
        ...withoutToken,
        CONFORMANCE_CLIENT_ID: "c",
        CONFORMANCE_CLIENT_SECRET: "s",
        CONFORMANCE_TOKEN_URL: "http://127.0.0.1:9/connect/token",
        CONFORMANCE_SCOPE: "itwin-platform openid",
      },
      want: {
        credentials: {
          kind: "client-credentials",
          tokenUrl: "http://127.0.0.1:9/connect/token",
          scope: "itwin-platform openid",
        },
      },
    },
  ],
  [
    "manifest fixtures: the iTwin may come from the manifest",
    {
      given: { ...withoutItwin, CONFORMANCE_FIXTURES: "manifest", CONFORMANCE_MANIFEST: "m.yaml" },
      want: { fixtures: "manifest", manifestPath: "m.yaml", itwinId: undefined },
    },
  ],
  [
    "the production host, allowed",
    {
      given: {
        ...external,
        CONFORMANCE_BASE_URL: "https://api.bentley.com/accesscontrol",
        CONFORMANCE_ALLOW_PRODUCTION: "1",
      },
      want: { baseUrl: "https://api.bentley.com/accesscontrol", rateLimitBudget: 0 },
    },
  ],
  [
    "a staging host needs no permission",
    {
      given: { ...external, CONFORMANCE_BASE_URL: "https://qa-api.bentley.com/accesscontrol" },
      want: { baseUrl: "https://qa-api.bentley.com/accesscontrol" },
    },
  ],
  [
    "the authorization and isolation settings",
    {
      given: {
        ...external,
        CONFORMANCE_UNPRIVILEGED_TOKEN: "reader.token.x",
        CONFORMANCE_OTHER_ITWIN_ID: "0199ED2E-B465-427A-AE66-EDC676A5C456",
      },
      want: {
        identities: { unprivileged: { kind: "token", token: "reader.token.x" } },
        otherItwinId: "0199ed2e-b465-427a-ae66-edc676a5c456",
      },
    },
  ],
  [
    "a static admin token beside an unprivileged client, whose grant uses the token endpoint",
    {
      given: {
        ...external,
        CONFORMANCE_UNPRIVILEGED_CLIENT_ID: "reader",
        CONFORMANCE_UNPRIVILEGED_CLIENT_SECRET: "s",
        CONFORMANCE_TOKEN_URL: "http://127.0.0.1:9/connect/token",
      },
      want: {
        credentials: { kind: "token", token: "abc.def.ghi" },
        identities: { unprivileged: { kind: "client-credentials", tokenUrl: "http://127.0.0.1:9/connect/token" } },
      },
    },
  ],
  [
    "an unprivileged client, with the admin's token endpoint and scope",
    {
      given: {
        ...external,
        CONFORMANCE_UNPRIVILEGED_CLIENT_ID: "reader",
        CONFORMANCE_UNPRIVILEGED_CLIENT_SECRET: "reader-secret",
      },
      want: {
        identities: {
          unprivileged: {
            kind: "client-credentials",
            clientId: "reader",
            clientSecret: "reader-secret",
            tokenUrl: "https://ims.bentley.com/connect/token",
            scope: "itwin-platform",
          },
        },
      },
    },
  ],
  [
    "the granted identities, a remover's token and an organization administrator's client",
    {
      given: {
        ...external,
        CONFORMANCE_REMOVER_TOKEN: "remover.token.x",
        CONFORMANCE_ORG_ADMIN_CLIENT_ID: "org-admin",
        CONFORMANCE_ORG_ADMIN_CLIENT_SECRET: "org-admin-secret",
      },
      want: {
        identities: {
          remover: { kind: "token", token: "remover.token.x" },
          orgAdmin: { kind: "client-credentials", clientId: "org-admin", clientSecret: "org-admin-secret" },
        },
      },
    },
  ],
  [
    "unrelated variables are left alone",
    { given: { CONFIG_BASE_URL: "x", BASE_URL: "y", TOKEN: "z" }, want: { baseUrl: undefined } },
  ],
];

for (const [title, { given, want }] of valid) {
  test(`settings: ${title}`, () => {
    expect(readSettings(given)).toMatchObject(want);
  });
}

const invalid: [string, { given: NodeJS.ProcessEnv; want: RegExp }][] = [
  [
    "a base URL without a token",
    {
      given: withoutToken,
      want: /CONFORMANCE_TOKEN, or CONFORMANCE_CLIENT_ID with CONFORMANCE_CLIENT_SECRET, is required/,
    },
  ],
  [
    "a token and a client both",
    {
      given: { ...external, CONFORMANCE_CLIENT_ID: "c", CONFORMANCE_CLIENT_SECRET: "s" },
      want: /either CONFORMANCE_TOKEN or CONFORMANCE_CLIENT_ID .* not both/,
    },
  ],
  [
    "a client id without its secret",
    {
      given: { ...withoutToken, CONFORMANCE_CLIENT_ID: "c" },
      want: /CONFORMANCE_CLIENT_ID is set without CONFORMANCE_CLIENT_SECRET/,
    },
  ],
  [
    "a client secret without its id",
    {
      given: { ...withoutToken, CONFORMANCE_CLIENT_SECRET: "s" },
      want: /CONFORMANCE_CLIENT_SECRET is set without CONFORMANCE_CLIENT_ID/,
    },
  ],
  [
    "an empty client secret, as a missing CI secret gives",
    {
      given: { ...withoutToken, CONFORMANCE_CLIENT_ID: "c", CONFORMANCE_CLIENT_SECRET: "" },
      want: /CONFORMANCE_CLIENT_SECRET is set but empty/,
    },
  ],
  [
    "a relative token URL",
    {
      given: {
        ...withoutToken,
        CONFORMANCE_CLIENT_ID: "c",
        CONFORMANCE_CLIENT_SECRET: "s",
        CONFORMANCE_TOKEN_URL: "connect/token",
      },
      want: /^configuration error: CONFORMANCE_TOKEN_URL must be an absolute URL with its scheme \(https:\/\/…\), got "connect\/token"$/,
    },
  ],
  [
    "a client id without a base URL",
    {
      given: { CONFORMANCE_CLIENT_ID: "c", CONFORMANCE_CLIENT_SECRET: "s" },
      want: /CONFORMANCE_CLIENT_ID is set but CONFORMANCE_BASE_URL is not/,
    },
  ],
  [
    "the production host without permission",
    {
      given: { ...external, CONFORMANCE_BASE_URL: "https://API.bentley.com/accesscontrol" },
      want: /production host api\.bentley\.com.*CONFORMANCE_ALLOW_PRODUCTION=1/,
    },
  ],
  [
    "the production host written as a fully qualified name",
    {
      given: { ...external, CONFORMANCE_BASE_URL: "https://api.bentley.com./accesscontrol" },
      want: /production host api\.bentley\.com/,
    },
  ],
  [
    "a token URL with a static token",
    {
      given: { ...external, CONFORMANCE_TOKEN_URL: "https://ims.example.test/token" },
      want: /CONFORMANCE_TOKEN_URL is set, but only the client-credentials grant/,
    },
  ],
  [
    "another iTwin that is not a GUID",
    { given: { ...external, CONFORMANCE_OTHER_ITWIN_ID: "other" }, want: /CONFORMANCE_OTHER_ITWIN_ID must be a GUID/ },
  ],
  [
    "another iTwin that is the same iTwin",
    {
      given: { ...external, CONFORMANCE_OTHER_ITWIN_ID: itwin.toUpperCase() },
      want: /must name another iTwin than CONFORMANCE_ITWIN_ID/,
    },
  ],
  [
    "a permission that is not 1",
    {
      given: { ...external, CONFORMANCE_ALLOW_PRODUCTION: "yes" },
      want: /CONFORMANCE_ALLOW_PRODUCTION must be 1 or unset/,
    },
  ],
  [
    "unknown fixtures",
    { given: { ...external, CONFORMANCE_FIXTURES: "static" }, want: /CONFORMANCE_FIXTURES must be api or manifest/ },
  ],
  [
    "manifest fixtures without a manifest",
    {
      given: { ...external, CONFORMANCE_FIXTURES: "manifest" },
      want: /CONFORMANCE_FIXTURES=manifest needs CONFORMANCE_MANIFEST/,
    },
  ],
  [
    "a manifest without manifest fixtures",
    {
      given: { ...external, CONFORMANCE_MANIFEST: "m.yaml" },
      want: /CONFORMANCE_MANIFEST is set but CONFORMANCE_FIXTURES is not manifest/,
    },
  ],
  [
    "a manifest without a base URL",
    {
      given: { CONFORMANCE_FIXTURES: "manifest", CONFORMANCE_MANIFEST: "m.yaml" },
      want: /CONFORMANCE_MANIFEST is set but CONFORMANCE_BASE_URL is not/,
    },
  ],
  [
    "a base URL without an iTwin",
    {
      given: { CONFORMANCE_BASE_URL: external.CONFORMANCE_BASE_URL, CONFORMANCE_TOKEN: "t" },
      want: /CONFORMANCE_ITWIN_ID is required/,
    },
  ],
  [
    "a token without a base URL",
    { given: { CONFORMANCE_TOKEN: "t" }, want: /CONFORMANCE_TOKEN is set but CONFORMANCE_BASE_URL is not/ },
  ],
  [
    "a relative base URL",
    {
      given: { ...external, CONFORMANCE_BASE_URL: "accesscontrol" },
      want: /^configuration error: CONFORMANCE_BASE_URL must be an absolute URL with its scheme \(https:\/\/…\), got "accesscontrol"$/,
    },
  ],
  [
    "another protocol, quoted",
    {
      given: { ...external, CONFORMANCE_BASE_URL: "ftp://x.test/" },
      want: /^configuration error: CONFORMANCE_BASE_URL must be an http\(s\) URL, got "ftp:\/\/x\.test\/": use https:\/\/ \(or http:\/\/\)$/,
    },
  ],
  [
    "a query in the base URL, quoted",
    {
      given: { ...external, CONFORMANCE_BASE_URL: "https://x.test/accesscontrol?api-version=2#top" },
      want: /^configuration error: CONFORMANCE_BASE_URL must not carry a query or fragment: remove "\?api-version=2#top"$/,
    },
  ],
  [
    "credentials in the URL",
    { given: { ...external, CONFORMANCE_BASE_URL: "https://u:p@x.test/" }, want: /must not carry credentials/ },
  ],
  [
    "a token with the Bearer prefix",
    { given: { ...external, CONFORMANCE_TOKEN: "Bearer abc" }, want: /without the 'Bearer ' prefix/ },
  ],
  ["a non-GUID iTwin", { given: { ...external, CONFORMANCE_ITWIN_ID: "my-itwin" }, want: /must be a GUID/ }],
  ["a negative budget", { given: { ...external, CONFORMANCE_RATE_LIMIT_BUDGET: "-5" }, want: /whole number from 0/ }],
  [
    "a budget that is not a number",
    { given: { ...external, CONFORMANCE_RATE_LIMIT_BUDGET: "lots" }, want: /whole number/ },
  ],
  [
    "a misspelt setting",
    {
      given: { CONFORMANCE_BASEURL: "https://x.test" },
      want: /CONFORMANCE_BASEURL is not a setting of this suite \(did you mean CONFORMANCE_BASE_URL\?\)/,
    },
  ],
  [
    "a misspelt prefix",
    {
      given: { CONFORMACE_BASE_URL: "https://x.test" },
      want: /CONFORMACE_BASE_URL is not a setting of this suite \(did you mean CONFORMANCE_BASE_URL\?\)/,
    },
  ],
  [
    "a lower-case name",
    {
      given: { conformance_base_url: "https://x.test" },
      want: /conformance_base_url is not a setting of this suite \(did you mean CONFORMANCE_BASE_URL\?\)/,
    },
  ],
  [
    "a history named as a .json file: it is always a folder",
    {
      given: { CONFORMANCE_HISTORY: "history/conformance.json" },
      want: /^configuration error: CONFORMANCE_HISTORY names a folder to keep the history files in, not a file: got "history\/conformance\.json"$/,
    },
  ],
  [
    "a history that is a file",
    {
      given: { CONFORMANCE_HISTORY: "README.md" },
      want: /^configuration error: CONFORMANCE_HISTORY must name a folder, but "README\.md" is a file$/,
    },
  ],
  [
    "an empty base URL, as a missing CI secret gives",
    {
      given: { CONFORMANCE_BASE_URL: "", CONFORMANCE_TOKEN: "", CONFORMANCE_ITWIN_ID: "" },
      want: /CONFORMANCE_BASE_URL is set but empty/,
    },
  ],
];

for (const [title, { given, want }] of [...invalid, ...identityProblems]) {
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
  [
    "the client secret pasted as the token URL",
    { ...withoutToken, CONFORMANCE_CLIENT_ID: "c", CONFORMANCE_CLIENT_SECRET: "s", CONFORMANCE_TOKEN_URL: tokenLike },
  ],
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

test("settings: a history folder, existing or not yet made, is accepted", () => {
  expect(() => readSettings({ CONFORMANCE_HISTORY: "tests" })).not.toThrow();
  expect(() => readSettings({ CONFORMANCE_HISTORY: "reports/history-not-yet-made" })).not.toThrow();
});

test("settings error: a CONFORMANCE_ENV_FILE that does not exist is quoted, with the fix", () => {
  expect(() => loadEnvFile({ CONFORMANCE_ENV_FILE: "/nowhere/ci.env" })).toThrow(
    new ConfigError(
      'configuration error: CONFORMANCE_ENV_FILE names "/nowhere/ci.env", which does not exist: give the path of a .env file, or none to read no file',
    ),
  );
});
