import { operations } from "../../generated/operations";
import { expect, tags, test } from "../../src/suite/fixtures";
import { expectStatus } from "../../src/suite/responses";

// RFC 9110 §15.5.6: a method the resource does not support is 405, with the
// methods it does support in Allow. The methods the spec declares on the
// member URL (DELETE, GET, PATCH) are not probed: they exist.

const memberUrl = operations.removeItwinGroupMember.path;
const declared: string[] = Object.values(operations)
  .filter((o) => o.path === memberUrl)
  .map((o) => o.method);
const undeclared = ["GET", "PUT", "PATCH", "POST"].filter((m) => !declared.includes(m));

for (const method of undeclared) {
  test(
    `${method} on the member URL, which no operation declares, answers 405 with Allow`,
    tags("METHOD-NOT-ALLOWED"),
    async ({ api, provision, run, unknownId, verify }) => {
      // Without a body, at a group of the suite's own (or, with a manifest, one the target does not have):
      // whatever the target does with the request, nothing of anyone else's is at stake.
      const groupId = provision.readsState
        ? await provision.guardedMember(`addressed with ${method}`)
        : unknownId("group");
      const response = await api.send("removeItwinGroupMember", { params: { id: run.itwinId, groupId }, method });
      await verify("METHOD-NOT-ALLOWED", () => {
        expectStatus(response, 405);
        const allow = (response.headers.allow ?? "").split(",").map((m) => m.trim().toUpperCase());
        expect(allow, `405 whose Allow header (${response.headers.allow ?? "missing"}) does not list DELETE`).toContain(
          "DELETE",
        );
      });
    },
  );
}
