import { expect, test } from "@playwright/test";
import { referenceClients } from "../../src/reference-service/seed";
import { permissionNames } from "../../generated/permissions";
import { adminPermissions, permissions } from "../../src/reference-service/store";
import { AccessControlClient } from "../support/access-control-client";
import { binCommand, eventually, scriptCommand, startInBackground, type BackgroundRun } from "../support/harness";

// A client written for the real API (tests/support/access-control-client.ts, to the shape of Bentley's
// @itwin/access-control-client) lists, pages, gets, adds, updates and removes group members, groups and roles
// against `npm run reference-service`, unchanged but for its base URL, with the admin's client-credentials token.

test.describe.configure({ mode: "serial" });

let service: BackgroundRun;
/** The proxy in front of the service, when the client goes through it. */
let proxy: BackgroundRun | undefined;
let client: AccessControlClient;
let token: string;
let itwin: string;
let seededGroup: string;

// Twice: straight to the service, and through the validating proxy in front of it, which must change nothing the
// client sees and find nothing wrong with a conformant service.
for (const throughProxy of [false, true]) {
  test.describe(throughProxy ? "through the proxy" : "straight to the service", () => {
    /** A value the service printed on the line that starts with `label`. */
    function printed(label: string): string {
      const line = service
        .output()
        .split("\n")
        .find((l) => l.trim().startsWith(label));
      if (!line) throw new Error(`the service printed no ${label}: ${service.output()}`);
      return line.trim().slice(label.length).trim().split(/[ ,]/)[0]!;
    }

    test.beforeAll(async () => {
      service = startInBackground(scriptCommand("scripts/reference-service.ts"));
      expect(await eventually(() => service.output().includes("Ctrl-C stops it."), 20_000), service.output()).toBe(
        true,
      );
      let base = printed("export CONFORMANCE_BASE_URL=");
      if (throughProxy) {
        proxy = startInBackground(binCommand(["proxy", "--target", base, "--port", "0"]));
        const listening = () => /^Proxying (\S+) → /m.exec(proxy!.output())?.[1];
        expect(await eventually(() => listening() !== undefined, 20_000), proxy.output()).toBe(true);
        base = listening()!;
      }
      client = new AccessControlClient(`${base}/itwins`);
      itwin = printed("export CONFORMANCE_ITWIN_ID=");
      seededGroup = printed("Seeded member groups:");
      const grant = await fetch(printed("export CONFORMANCE_TOKEN_URL="), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({
          grant_type: "client_credentials",
          // The admin client with the development default secret the service was started with.
          client_id: referenceClients({}).admin.clientId,
          client_secret: referenceClients({}).admin.clientSecret,
          scope: "itwin-platform",
        }),
      });
      expect(grant.status).toBe(200);
      token = `Bearer ${((await grant.json()) as { access_token: string }).access_token}`;
    });

    test.afterAll(async () => {
      proxy?.signal("SIGTERM");
      await proxy?.finish(10_000);
      proxy = undefined;
      service?.signal("SIGTERM");
      await service?.finish(10_000);
    });

    test("roles: create, list, get, update and delete, each with its type", async () => {
      const created = await client.roles.createITwinRole(token, itwin, {
        displayName: "Reviewer",
        description: "Reads.",
      });
      expect(created).toMatchObject({
        status: 201,
        data: { displayName: "Reviewer", description: "Reads.", type: "Custom" },
      });
      const roleId = created.data!.id;
      const listed = await client.roles.getITwinRoles(token, itwin);
      expect(listed.status).toBe(200);
      expect(listed.data!.map((r) => r.id)).toContain(roleId);
      expect(await client.roles.getITwinRole(token, itwin, roleId)).toMatchObject({
        status: 200,
        data: { id: roleId, displayName: "Reviewer", permissions: [], type: "Custom" },
      });
      const updated = await client.roles.updateITwinRole(token, itwin, roleId, {
        description: "Manages groups.",
        permissions: [permissions.manageGroups],
      });
      expect(updated).toMatchObject({
        status: 200,
        data: {
          id: roleId,
          displayName: "Reviewer",
          description: "Manages groups.",
          permissions: [permissions.manageGroups],
          type: "Custom",
        },
      });
      expect(await client.roles.deleteITwinRole(token, itwin, roleId)).toMatchObject({ status: 204, data: undefined });
      const gone = await client.roles.getITwinRole(token, itwin, roleId);
      expect([gone.status, gone.error?.code, gone.data]).toEqual([404, "RoleNotFound", undefined]);
    });

    test("groups: create, refuse a taken name, list whole and by pages, get, update and delete", async () => {
      const ids: string[] = [];
      for (const name of ["Alpha", "Beta", "Gamma"]) {
        const created = await client.groups.createITwinGroup(token, itwin, { name, description: `The ${name} team` });
        expect(created).toMatchObject({
          status: 201,
          data: { group: { name, description: `The ${name} team`, members: [], imsGroups: [] } },
        });
        ids.push(created.data!.group.id);
      }
      const taken = await client.groups.createITwinGroup(token, itwin, { name: "alpha", description: "again" });
      expect([taken.status, taken.error?.code, taken.data]).toEqual([409, "GroupNameAlreadyExists", undefined]);

      const whole = await client.groups.getITwinGroups(token, itwin);
      expect(whole.status).toBe(200);
      expect(whole.data).not.toHaveProperty("_links");
      const all = whole.data!.groups.map((g) => g.id);
      expect(all).toEqual(expect.arrayContaining([seededGroup, ...ids]));
      const paged: string[] = [];
      for (let skip = 0; skip < all.length; skip += 2) {
        const page = await client.groups.getITwinGroups(token, itwin, { top: 2, skip });
        expect(page.status).toBe(200);
        expect(page.data!._links!.self.href).toContain(`$skip=${skip}`);
        expect(page.data!._links!.next === undefined).toBe(skip + 2 >= all.length);
        paged.push(...page.data!.groups.map((g) => g.id));
      }
      expect(paged).toEqual(all);

      expect(await client.groups.getITwinGroup(token, itwin, ids[0]!)).toMatchObject({
        status: 200,
        data: { group: { id: ids[0], name: "Alpha" } },
      });
      const updated = await client.groups.updateITwinGroup(token, itwin, ids[0]!, {
        name: "Alpha Prime",
        description: "Renamed",
      });
      expect(updated).toMatchObject({
        status: 200,
        data: { group: { id: ids[0], name: "Alpha Prime", description: "Renamed" } },
      });
      for (const id of ids) expect((await client.groups.deleteITwinGroup(token, itwin, id)).status).toBe(204);
      const gone = await client.groups.getITwinGroup(token, itwin, ids[0]!);
      expect([gone.status, gone.error?.code, gone.data]).toEqual([404, "GroupNotFound", undefined]);
    });

    test("group members: add, list, page, get, update roles and remove", async () => {
      const role = async (displayName: string) =>
        (await client.roles.createITwinRole(token, itwin, { displayName, description: "d" })).data!.id;
      const group = async (name: string) =>
        (await client.groups.createITwinGroup(token, itwin, { name, description: "d" })).data!.group.id;
      const [reader, writer] = [await role("Member reader"), await role("Member writer")];
      const [first, second] = [await group("Members one"), await group("Members two")];

      const added = await client.groupMembers.addITwinGroupMembers(token, itwin, {
        members: [
          { groupId: first, roleIds: [reader, writer] },
          { groupId: second, roleIds: [reader] },
        ],
      });
      expect(added.status).toBe(201);
      expect(added.data!.members.map((m) => [m.id, m.roles.map((r) => r.id)])).toEqual([
        [first, [reader, writer]],
        [second, [reader]],
      ]);

      const listed = await client.groupMembers.queryITwinGroupMembers(token, itwin);
      expect(listed.status).toBe(200);
      expect(listed.data!._links.self.href).toContain("$top=100&$skip=0");
      const order = listed.data!.members.map((m) => m.id);
      expect(order).toEqual(expect.arrayContaining([seededGroup, first, second]));
      const page = await client.groupMembers.queryITwinGroupMembers(token, itwin, { top: 1, skip: 1 });
      expect(page.data!.members.map((m) => m.id)).toEqual([order[1]]);
      expect(page.data!._links.prev?.href).toContain("$top=1&$skip=0");

      expect(await client.groupMembers.getITwinGroupMember(token, itwin, first)).toMatchObject({
        status: 200,
        data: { member: { id: first, groupName: "Members one", roles: [{ id: reader }, { id: writer }] } },
      });
      const updated = await client.groupMembers.updateITwinGroupMember(token, itwin, first, [writer]);
      expect(updated).toMatchObject({
        status: 200,
        data: { member: { id: first, roles: [{ id: writer, displayName: "Member writer" }] } },
      });
      expect(updated.data!.member.roles).toHaveLength(1);

      expect(await client.groupMembers.removeITwinGroupMember(token, itwin, first)).toMatchObject({
        status: 204,
        data: undefined,
      });
      const gone = await client.groupMembers.getITwinGroupMember(token, itwin, first);
      expect([gone.status, gone.error?.code, gone.data]).toEqual([404, "TeamMemberNotFound", undefined]);
      const after = await client.groupMembers.queryITwinGroupMembers(token, itwin);
      expect(after.data!.members.map((m) => m.id)).toEqual(order.filter((id) => id !== first));
    });

    test("permissions: every one the API knows, the caller's in an iTwin, and an unknown iTwin's 404", async () => {
      const all = await client.permissions.getPermissions(token);
      expect([all.status, all.data]).toEqual([200, permissionNames]);
      expect(all.data).toContain("itwins_read");
      const mine = await client.permissions.getITwinPermissions(token, itwin);
      // The admin holds every permission the service enforces, in the catalog's order.
      expect([mine.status, mine.data]).toEqual([200, adminPermissions]);
      const unknown = await client.permissions.getITwinPermissions(token, "22222222-2222-4222-8222-222222222222");
      expect([unknown.status, unknown.error?.code, unknown.data]).toEqual([404, "ItwinNotFound", undefined]);
    });

    if (throughProxy)
      test("the proxy passed every answer on as the service gave it, judged the removals, and found nothing wrong", async () => {
        proxy!.signal("SIGINT");
        const result = await proxy!.finish(20_000);
        expect(result.report?.runErrors).toEqual([]);
        expect(result.report?.proxy?.siblingViolationCount).toBe(0);
        expect(result.report?.checks.find((c) => c.id === "REMOVE-204")?.verdict).toBe("pass");
        expect(result.report?.target.itwinId).toBe(itwin);
        expect([result.exitCode, result.report?.verdict]).toEqual([0, "pass"]);
      });
  });
}
