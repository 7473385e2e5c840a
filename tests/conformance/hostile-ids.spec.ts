import { expect, tags, test } from "../../src/suite/fixtures";
import type { Exchange } from "../../src/client/exchange";

// Ids a client should never send, or sends in an unusual form: never a server
// error, never a removal or deletion of anything but what the request names.
// Every error body is judged by the response observer (ERROR-JSON, ERROR-SCHEMA).

function expectClientError(response: Exchange, what: string): void {
  expect(response.status, `${what} answered ${response.status}`).toBeGreaterThanOrEqual(400);
  expect(response.status, `${what} answered ${response.status}`).toBeLessThan(500);
}

const longId = "0".repeat(4096);

/** Group ids that are no GUID; `victim` is a group of the suite that a target must leave alone. */
const hostileGroupIds: [string, { groupId: (victim: string) => string }][] = [
  ["a word", { groupId: () => "not-a-guid" }],
  ["a GUID with a character too many", { groupId: () => "4caed38b-9823-453f-8290-e9dd2b5911740" }],
  ["a GUID with a non-hex digit", { groupId: () => "4caed38b-9823-453f-8290-e9dd2b59117g" }],
  [
    "an encoded path traversal to the group itself (..%2F..%2Fgroups%2F<id>)",
    { groupId: (victim) => `..%2F..%2Fgroups%2F${victim}` },
  ],
  [
    "a fully encoded path traversal (%2E%2E%2F%2E%2E%2Fgroups%2F<id>)",
    { groupId: (victim) => `%2E%2E%2F%2E%2E%2Fgroups%2F${victim}` },
  ],
  ["an id of 4096 characters", { groupId: () => longId }],
];

for (const [title, { groupId }] of hostileGroupIds) {
  test(
    `${title} as the group id is a client error and removes or deletes nothing`,
    tags("MALFORMED-ID"),
    async ({ api, provision, readBack, run, unknownId, verify, expectKept }) => {
      // With a manifest the suite cannot see a deletion, so it aims at no group it was offered: only the status is judged there.
      const victim = provision.readsState
        ? await provision.guardedMember("left alone by a hostile id")
        : unknownId("group");
      // Sent as written: the traversals carry their own escapes, which must reach the target as they are.
      const response = await api.send("removeItwinGroupMember", {
        params: { id: run.itwinId, groupId: groupId(victim) },
        raw: true,
      });
      await verify("MALFORMED-ID", async () => {
        expectClientError(response, `${title} as the group id`);
        await readBack("MALFORMED-ID", "whether a group or membership was deleted", async () => {
          expect(await provision.groupExists(victim), `${title} deleted a group`).toBe(true);
          await expectKept(victim, `${title} ended a membership`);
        });
      });
    },
  );
}

const hostileItwinIds: [string, { itwinId: (real: string) => string }][] = [
  ["a word", { itwinId: () => "not-a-guid" }],
  ["a GUID with a character too many", { itwinId: () => "4caed38b-9823-453f-8290-e9dd2b5911740" }],
  ["a GUID with a non-hex digit", { itwinId: () => "4caed38b-9823-453f-8290-e9dd2b59117g" }],
  [
    "an encoded path traversal back into the iTwin (<other>%2F..%2F<iTwin>)",
    { itwinId: (real) => `4caed38b-9823-453f-8290-e9dd2b591174%2F..%2F${real}` },
  ],
  ["an id of 4096 characters", { itwinId: () => longId }],
];

for (const [title, { itwinId }] of hostileItwinIds) {
  test(
    `${title} as the iTwin id is a client error and removes nothing`,
    tags("MALFORMED-ID"),
    async ({ api, provision, readBack, run, unknownId, verify, expectKept }) => {
      const groupId = provision.readsState ? await provision.guardedMember("member elsewhere") : unknownId("group");
      const response = await api.send("removeItwinGroupMember", {
        params: { id: itwinId(run.itwinId), groupId },
        raw: true,
      });
      await verify("MALFORMED-ID", async () => {
        expectClientError(response, `${title} as the iTwin id`);
        await readBack("MALFORMED-ID", "whether a membership was removed", async () => {
          await expectKept(groupId, `${title} as the iTwin id ended this membership`);
        });
      });
    },
  );
}

// RFC 4122: GUIDs are case-insensitive on input. A target may match them
// either way (204) or only in lower case (404); it must not fail, nor remove
// another membership than the one named.

test(
  "a member group named by its upper-case GUID is removed (204) or not found (404), and nothing else is removed",
  tags("GUID-CASING"),
  async ({ api, provision, readBack, run, verify, expectKept }) => {
    const [groupId, bystander] = await provision.memberGroups(
      ["named in upper case"],
      ["bystander of an upper-case removal"],
    );
    const response = await api.send("removeItwinGroupMember", {
      params: { id: run.itwinId, groupId: groupId.toUpperCase() },
    });
    await verify("GUID-CASING", async () => {
      expect([204, 404], `the upper-case GUID of a member group answered ${response.status}`).toContain(
        response.status,
      );
      await readBack("GUID-CASING", "which membership the removal ended", async () => {
        // Both read at once, the bystander judged first: one that ended though no request named it is another
        // requirement's finding.
        const namedStillMember = provision.isMember(groupId);
        namedStillMember.catch(() => {});
        await expectKept(bystander, "a removal by an upper-case GUID ended another membership");
        expect(
          await namedStillMember,
          response.status === 204
            ? "the removal answered 204 but the named membership is still there"
            : "a 404 ended the membership",
        ).toBe(response.status !== 204);
      });
    });
  },
);

const casings: [string, { itwinId: (id: string) => string }][] = [
  ["upper-case", { itwinId: (id) => id.toUpperCase() }],
  ["mixed-case", { itwinId: (id) => [...id].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join("") }],
];

for (const [title, { itwinId }] of casings) {
  test(
    `the iTwin named by its ${title} GUID, with an unknown group, answers 404`,
    tags("GUID-CASING"),
    async ({ api, run, unknownId, verify }) => {
      const response = await api.send("removeItwinGroupMember", {
        params: { id: itwinId(run.itwinId), groupId: unknownId("group") },
      });
      await verify("GUID-CASING", () => {
        expect(response.status, `the ${title} GUID of the iTwin answered ${response.status}`).toBe(404);
      });
    },
  );
}
