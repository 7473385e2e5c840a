import { tokenSignedByUnknownKey, unsignedToken } from "../../src/auth/forged-tokens";
import type { RunContext } from "../../src/settings/run-context";
import { expect, tags, test } from "../../src/suite/fixtures";
import { errorCode, expectErrorCode, expectStatus } from "../../src/suite/responses";

// Authentication comes first: without a valid bearer token nothing is removed
// and nothing about the addressed iTwin or group is revealed.

test(
  "a request without Authorization answers 401 HeaderNotFound and removes nothing",
  tags("AUTH-MISSING-HEADER"),
  async ({ api, provision, readBack, run, verify, expectKept }) => {
    const groupId = await provision.guardedMember("guarded");
    const response = await api.send("removeItwinGroupMember", {
      params: { id: run.itwinId, groupId },
      authorization: null,
    });
    await verify("AUTH-MISSING-HEADER", async () => {
      expectStatus(response, 401);
      expectErrorCode(response, "HeaderNotFound");
      await readBack("AUTH-MISSING-HEADER", "whether the membership remains", async () => {
        await expectKept(groupId, "the membership was removed without credentials");
      });
    });
  },
);

/**
 * Credentials that must be refused; `undefined` from make() means the run cannot produce one. `setting`: the
 * setting a credential of the run came from, which a replay names instead of the value.
 */
const invalidCredentials: [
  string,
  {
    make: (run: RunContext) => Promise<string | undefined> | string | undefined;
    skipReason?: string;
    setting?: string;
  },
][] = [
  ["the Bearer scheme with no token", { make: () => "Bearer" }],
  ["the Bearer scheme with a blank token", { make: () => "Bearer   " }],
  ["the Basic scheme", { make: () => "Basic Y29uZm9ybWFuY2U6c3VpdGU=" }],
  ["a token that is not a JWT", { make: () => "Bearer not-a-token" }],
  ["the token without a scheme", { make: (run) => run.adminToken, setting: "CONFORMANCE_TOKEN" }],
  [
    "a JWT signed by an unknown key",
    { make: async (run) => `Bearer ${await tokenSignedByUnknownKey(run.adminToken)}` },
  ],
  [
    "a JWT from another issuer",
    {
      make: async (run) => `Bearer ${await tokenSignedByUnknownKey(run.adminToken, { iss: "https://issuer.invalid" })}`,
    },
  ],
  ["an unsigned JWT (alg: none)", { make: (run) => `Bearer ${unsignedToken(run.adminToken)}` }],
  [
    "an expired token from the target's issuer",
    {
      make: (run) => (run.expiredToken ? `Bearer ${run.expiredToken}` : undefined),
      setting: "CONFORMANCE_EXPIRED_TOKEN",
      skipReason: "set CONFORMANCE_EXPIRED_TOKEN to an expired token from the target's issuer to run this check",
    },
  ],
  [
    "a token from the target's issuer without the itwin-platform scope",
    {
      make: (run) => (run.noScopeToken ? `Bearer ${run.noScopeToken}` : undefined),
      setting: "CONFORMANCE_NO_SCOPE_TOKEN",
      skipReason:
        "set CONFORMANCE_NO_SCOPE_TOKEN to a token from the target's issuer without the itwin-platform scope to run this check",
    },
  ],
];

for (const [title, { make, skipReason, setting }] of invalidCredentials) {
  test(
    `${title} answers 401 and removes nothing`,
    tags("AUTH-INVALID-TOKEN"),
    async ({ api, provision, readBack, run, verify, expectKept }) => {
      const authorization = await make(run);
      test.skip(authorization === undefined, skipReason ?? "no such credential");
      const groupId = await provision.guardedMember("guarded");
      const response = await api.send("removeItwinGroupMember", {
        params: { id: run.itwinId, groupId },
        authorization: authorization!,
        authorizationSetting: setting,
      });
      await verify("AUTH-INVALID-TOKEN", async () => {
        expectStatus(response, 401);
        await readBack("AUTH-INVALID-TOKEN", "whether the membership remains", async () => {
          await expectKept(groupId, `the membership was removed with ${title}`);
        });
      });
    },
  );
}

const unauthenticatedLookups: [string, { itwin: "known" | "unknown"; authorization: string | null }][] = [
  ["a request without Authorization for an unknown iTwin", { itwin: "unknown", authorization: null }],
  ["a request without Authorization for an unknown group", { itwin: "known", authorization: null }],
  ["a request with a garbage token for an unknown iTwin", { itwin: "unknown", authorization: "Bearer not-a-token" }],
  ["a request with a garbage token for an unknown group", { itwin: "known", authorization: "Bearer not-a-token" }],
];

for (const [title, given] of unauthenticatedLookups) {
  test(`${title} answers 401, not 404`, tags("AUTH-BEFORE-EXISTENCE"), async ({ api, run, unknownId, verify }) => {
    const id = given.itwin === "known" ? run.itwinId : unknownId("itwin");
    const response = await api.send("removeItwinGroupMember", {
      params: { id, groupId: unknownId("group") },
      authorization: given.authorization,
    });
    await verify("AUTH-BEFORE-EXISTENCE", () => expectStatus(response, 401));
  });
}

// A 401 must not tell an unauthenticated caller whether what it addressed
// exists: the same status and code for a real membership, an unknown group
// and an unknown iTwin.
const anonymousCredentials: [string, string | null][] = [
  ["no Authorization", null],
  ["a garbage token", "Bearer not-a-token"],
];

for (const [title, authorization] of anonymousCredentials) {
  test(
    `with ${title}, the 401 is the same whether the iTwin and group exist or not`,
    tags("LEAK-401-UNIFORM"),
    async ({ api, provision, run, unknownId, verify }) => {
      const member = await provision.guardedMember("addressed without valid credentials");
      const addressed: [string, { id: string; groupId: string }][] = [
        ["a member of the iTwin", { id: run.itwinId, groupId: member }],
        ["an unknown group of the iTwin", { id: run.itwinId, groupId: unknownId("group") }],
        ["an unknown iTwin", { id: unknownId("itwin"), groupId: unknownId("group") }],
      ];
      const answers = await Promise.all(
        addressed.map(async ([what, params]) => {
          const response = await api.send("removeItwinGroupMember", { params, authorization });
          return `${what}: ${response.status} ${errorCode(response) ?? "(no code)"}`;
        }),
      );
      await verify("LEAK-401-UNIFORM", () => {
        const distinct = new Set(answers.map((a) => a.slice(a.indexOf(": ") + 2)));
        expect(distinct.size, `the answers tell the addressed resources apart: ${answers.join("; ")}`).toBe(1);
      });
    },
  );
}
