import { expect, test } from "@playwright/test";
import { requestClientCredentialsToken } from "../../src/auth/client-credentials";
import { fetchFailure } from "../../src/client/fetch-failure";
import { ConfigError, TokenRequestError } from "../../src/core/errors";
import { unreachableTarget } from "../../src/suite/preflight";

/** What undici's fetch throws when the name does not resolve: "fetch failed", the resolver's error as its cause. */
function dnsError(code: "ENOTFOUND" | "EAI_AGAIN", hostname: string): TypeError {
  return Object.assign(new TypeError("fetch failed"), {
    cause: Object.assign(new Error(`getaddrinfo ${code} ${hostname}`), { code, syscall: "getaddrinfo", hostname }),
  });
}
const refused = Object.assign(new TypeError("fetch failed"), {
  cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" }),
});

const tokenUrl = "https://ims.bentley.cmo/connect/token";
const tokenCases: [string, { thrown: Error; want: string }][] = [
  [
    "a host the DNS does not know (a typo): named, with the setting to check",
    {
      thrown: dnsError("ENOTFOUND", "ims.bentley.cmo"),
      want: `the host "ims.bentley.cmo" of CONFORMANCE_TOKEN_URL could not be found (DNS ENOTFOUND: no such host): check the host name in CONFORMANCE_TOKEN_URL "${tokenUrl}"`,
    },
  ],
  [
    "a name server that does not answer: the network's DNS too",
    {
      thrown: dnsError("EAI_AGAIN", "ims.bentley.cmo"),
      want: `the host "ims.bentley.cmo" of CONFORMANCE_TOKEN_URL could not be looked up (DNS EAI_AGAIN: the name server did not answer): check the network's DNS, and the host name in CONFORMANCE_TOKEN_URL "${tokenUrl}"`,
    },
  ],
  [
    "a refused connection: still the endpoint that could not be reached",
    { thrown: refused, want: `token endpoint ${tokenUrl} could not be reached: ECONNREFUSED` },
  ],
];

test.describe("a token endpoint whose host cannot be resolved", () => {
  const realFetch = globalThis.fetch;
  test.afterEach(() => {
    globalThis.fetch = realFetch;
  });

  for (const [title, { thrown, want }] of tokenCases) {
    test(title, async () => {
      globalThis.fetch = () => Promise.reject(thrown);
      const asked = requestClientCredentialsToken({
        tokenUrl,
        clientId: "c",
        clientSecret: "s3cret-canary",
        scope: "itwin-platform",
        timeoutMs: 1000,
      });
      await expect(asked).rejects.toThrow(new TokenRequestError(want));
    });
  }
});

const baseUrl = "https://api.bentley.cmo/accesscontrol";
const targetCases: [string, { thrown: Error; want: string }][] = [
  [
    "a base URL whose host the DNS does not know",
    {
      thrown: dnsError("ENOTFOUND", "api.bentley.cmo"),
      want: `connection error: the host "api.bentley.cmo" of CONFORMANCE_BASE_URL could not be found (DNS ENOTFOUND: no such host): check the host name in CONFORMANCE_BASE_URL "${baseUrl}"`,
    },
  ],
  [
    "a base URL whose host could not be looked up",
    {
      thrown: dnsError("EAI_AGAIN", "api.bentley.cmo"),
      want: `connection error: the host "api.bentley.cmo" of CONFORMANCE_BASE_URL could not be looked up (DNS EAI_AGAIN: the name server did not answer): check the network's DNS, and the host name in CONFORMANCE_BASE_URL "${baseUrl}"`,
    },
  ],
  [
    "a target that refuses the connection",
    { thrown: refused, want: `connection error: the target ${baseUrl} cannot be reached (ECONNREFUSED)` },
  ],
];

for (const [title, { thrown, want }] of targetCases) {
  test(`reachability: ${title}`, () => {
    const error = unreachableTarget(baseUrl, thrown, 1000);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.message).toBe(want);
  });
}

test("any request whose host cannot be resolved says so, not only the resolver's code", () => {
  expect(fetchFailure(dnsError("ENOTFOUND", "x.invalid"), 1000)).toBe(
    'the host "x.invalid" could not be found (DNS ENOTFOUND: no such host)',
  );
});
