import { tokenSource } from "../../src/auth/token-source";
import { configurationFault } from "../../src/auth/token-standing";
import type { ApiClient } from "../../src/client/api-client";
import { describeExchange } from "../../src/client/exchange";
import { identityByKey, identitySettingNames, unsetReason, type Identity } from "../../src/settings/identities";
import type { RunContext } from "../../src/settings/run-context";
import { expect, tags, test } from "../../src/suite/fixtures";
import { errorCode, expectStatus } from "../../src/suite/responses";

// Nobody removes what they must not: an identity without the permission, or a
// removal addressed through another iTwin, leaves the membership in place. And
// whom the documentation names may remove: an identity with the permission
// through an iTwin role, or an Organization Administrator of the iTwin's owner.

/** The admin's client as `identity`; like the admin's, a token from the grant is fetched again before it expires. */
function clientOf(api: ApiClient, run: RunContext, identity: Identity) {
  const given = run.identities![identity.key]!;
  return api.with({
    token: tokenSource(given.token, given.grant, run.settings.requestTimeoutMs),
    caller: identity.key,
    credentialSetting: identitySettingNames(identity).token,
  });
}

const unprivileged = identityByKey("unprivileged");

test(
  "an identity that can see the iTwin but lacks administration_remove_member is refused, and the membership remains",
  tags("AUTHZ-REFUSED", "AUTHZ-STATUS"),
  async ({ api, provision, readBack, run, verify, expectKept }) => {
    test.skip(!run.identities?.unprivileged, unsetReason(unprivileged));
    const groupId = await provision.guardedMember("guarded from the unprivileged");
    const caller = clientOf(api, run, unprivileged);
    // A refusal proves something only if the identity is valid and sees the iTwin: an expired token is refused too.
    const lookup = await caller.send("getItwinGroupMember", { params: { id: run.itwinId, groupId } });
    test.skip(
      lookup.status !== 200,
      `the ${identitySettingNames(unprivileged).token} identity cannot read the member (Get iTwin group member answered ${lookup.status}): give a valid token of an identity that can see the iTwin`,
    );
    const response = await caller.send("removeItwinGroupMember", { params: { id: run.itwinId, groupId } });
    await verify("AUTHZ-REFUSED", async () => {
      expect(
        response.status >= 200 && response.status < 300,
        `the unprivileged identity's removal answered ${response.status}`,
      ).toBe(false);
      await readBack("AUTHZ-REFUSED", "whether the membership remains", async () => {
        await expectKept(groupId, "the unprivileged identity's removal ended the membership");
      });
    });
    // 403 InsufficientPermissions is what this API answers on its other writes; this operation documents 401 and 404.
    await verify("AUTHZ-STATUS", () => {
      expect(
        [401, 404],
        `the unprivileged identity was refused with ${response.status}, not with a status this operation documents (401, 404)`,
      ).toContain(response.status);
    });
  },
);

type GrantedCheck = Parameters<Parameters<typeof test>[2]>[0];

/** `identity`, whom the documentation lets remove, removes a member group the admin made: 204, and it is gone. */
async function grantedRemoval(
  {
    api,
    provision,
    run,
    verify,
    expectGone,
  }: Pick<GrantedCheck, "api" | "provision" | "run" | "verify" | "expectGone">,
  identity: Identity,
  id: "AUTHZ-PERMISSION-REMOVES" | "AUTHZ-ORG-ADMIN-REMOVES",
): Promise<void> {
  test.skip(!run.identities?.[identity.key], unsetReason(identity));
  // What it removes must be the suite's own, and read back; a manifest's memberships are the admin's checks' to spend.
  test.skip(
    !provision.readsState,
    "CONFORMANCE_FIXTURES=manifest: this check removes a membership the suite creates and reads back that it is gone",
  );
  const groupId = await provision.memberGroup(`removed by ${identity.key}`);
  const caller = clientOf(api, run, identity);
  const response = await caller.send("removeItwinGroupMember", { params: { id: run.itwinId, groupId } });
  const setting = identitySettingNames(identity).token;
  let refused = "";
  if (response.status >= 400) {
    // A token refused outright (expired, of another issuer) is the setting's mistake, not the target's.
    const lookup = await caller.send("getItwinGroupMember", { params: { id: run.itwinId, groupId } });
    // A live token of the admin's issuer refused with 401 is the target's refusal of a valid identity: judged below.
    const fault =
      lookup.status === 401 ? configurationFault(run.identities![identity.key]!.token, run.adminToken) : undefined;
    test.skip(
      fault !== undefined,
      `the ${setting} identity's token is refused (Get iTwin group member answered 401): ${fault}; give a valid one`,
    );
    // A valid identity, seeing the iTwin or not: the documentation lets it remove, unless the setting names someone else.
    const seen = `Get iTwin group member answered ${lookup.status}${errorCode(lookup) ? ` ${errorCode(lookup)}` : ""}`;
    refused = `the ${setting} identity was refused (${seen}), though the documentation lets ${identity.who} remove; if ${setting} names another identity, fix it. `;
  }
  await verify(id, async () => {
    expect(response.status, `${refused}expected 204: ${describeExchange(response)}`).toBe(204);
    await expectGone(groupId, `the ${setting} identity's removal answered 204 but the membership is still there`);
  });
}

test(
  "an identity that holds administration_remove_member through an iTwin role removes the member: 204, and it is gone",
  tags("AUTHZ-PERMISSION-REMOVES"),
  async ({ api, provision, run, verify, expectGone }) =>
    grantedRemoval({ api, provision, run, verify, expectGone }, identityByKey("remover"), "AUTHZ-PERMISSION-REMOVES"),
);

test(
  "an Organization Administrator of the iTwin's owner, without an iTwin role, removes the member: 204, and it is gone",
  tags("AUTHZ-ORG-ADMIN-REMOVES"),
  async ({ api, provision, run, verify, expectGone }) =>
    grantedRemoval({ api, provision, run, verify, expectGone }, identityByKey("orgAdmin"), "AUTHZ-ORG-ADMIN-REMOVES"),
);

test(
  "a removal through another iTwin's path answers 404, and the membership in its own iTwin remains",
  tags("ISOLATION-ITWIN"),
  async ({ api, provision, readBack, run, verify, expectKept }) => {
    test.skip(
      !run.otherItwinId || run.otherItwinId === run.itwinId,
      "set CONFORMANCE_OTHER_ITWIN_ID to another iTwin the admin identity administers to run this check",
    );
    // A member of this iTwin only; the other iTwin is one the caller may administer.
    const groupId = await provision.guardedMember("member of this iTwin only");
    const response = await api.send("removeItwinGroupMember", { params: { id: run.otherItwinId!, groupId } });
    // ItwinNotFound says the admin cannot see the other iTwin at all: the path was never honoured, nor tested.
    test.skip(
      response.status === 404 && errorCode(response) === "ItwinNotFound",
      "the admin identity cannot see CONFORMANCE_OTHER_ITWIN_ID (ItwinNotFound): name an iTwin it administers",
    );
    await verify("ISOLATION-ITWIN", async () => {
      expectStatus(response, 404);
      await readBack("ISOLATION-ITWIN", "whether the membership remains", async () => {
        await expectKept(groupId, "a removal addressed to another iTwin ended the membership in this one");
      });
    });
  },
);
