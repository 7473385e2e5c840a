import { platformScope, type ClientRegistration } from "./auth";
import { adminPermissions, permissions, type Store } from "./store";

export const adminClientId = "conformance-admin";

export interface ReferenceClient {
  clientId: string;
  clientSecret: string;
}

export interface ReferenceClients {
  admin: ReferenceClient;
  reader: ReferenceClient;
  /** The rate-limit probe's client: an administrator on a low tier, so the probe reaches its limit in a few requests. */
  probe: ReferenceClient;
  /** Holds administration_remove_member (and itwins_read) through its role in the iTwins, and nothing more. */
  remover: ReferenceClient;
  /** An Organization Administrator of the organization that owns the iTwins, with no role in them. */
  orgAdmin: ReferenceClient;
}

export interface Seed {
  itwinId: string;
  otherItwinId: string;
  /** A group that is a member of the seeded iTwin before any client acts: nobody's fixture. */
  seededGroupId: string;
  seededRoleId: string;
  /** Every seeded member group, the seeded group first: as many as SeedOptions.memberGroups asks for. */
  memberGroupIds: string[];
  /** Groups of the first iTwin that are not members of it. */
  nonMemberGroupIds: string[];
}

export interface SeedOptions {
  /** Member groups of the first iTwin, the seeded group among them (default 1: the seeded group alone). */
  memberGroups?: number;
  /** Groups of the first iTwin that are not members of it (default none). */
  nonMemberGroups?: number;
}

/** The environment variable of the standalone service (scripts/reference-service.ts) that sets a client's secret. */
export function secretVariable(client: keyof ReferenceClients): string {
  return `REFERENCE_${client.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}_SECRET`;
}

/** The clients of a service instance; the secrets are the documented development defaults unless given. */
export function referenceClients(secrets: Partial<Record<keyof ReferenceClients, string>>): ReferenceClients {
  const client = (clientId: string, key: keyof ReferenceClients) => ({
    clientId,
    clientSecret: secrets[key] ?? `${clientId}-secret`,
  });
  return {
    admin: client(adminClientId, "admin"),
    reader: client("conformance-reader", "reader"),
    probe: client("conformance-probe", "probe"),
    remover: client("conformance-remover", "remover"),
    orgAdmin: client("conformance-org-admin", "orgAdmin"),
  };
}

export function registrations(clients: ReferenceClients): ClientRegistration[] {
  return Object.values(clients).map((client) => ({ ...client, scopes: [platformScope] }));
}

/**
 * Two iTwins of one organization, which the admin and the probe administer, the reader may only read, the remover
 * may read and remove members of, and the organization's administrator sees through the organization alone; and one
 * membership nobody made (more, and groups that are not members, where `options` asks). Every id comes from the
 * store's id source, so a seeded source gives the same seed on every start.
 */
export function seedStore(store: Store, clients: ReferenceClients, options: SeedOptions = {}): Seed {
  const itwin = store.addItwin("Conformance iTwin");
  const otherItwin = store.addItwin("Second conformance iTwin");
  const organizationId = store.newId();
  // The admin administers the organization too: the documentation lets only Organization Administrators read groups.
  store.organizationAdmins.set(organizationId, new Set([clients.orgAdmin.clientId, clients.admin.clientId]));
  for (const t of [itwin, otherItwin]) {
    t.organizationId = organizationId;
    store.grant(t, clients.remover.clientId, [permissions.read, permissions.removeMember]);
    store.grant(t, clients.admin.clientId, adminPermissions);
    store.grant(t, clients.reader.clientId, [permissions.read]);
    store.grant(t, clients.probe.clientId, adminPermissions);
  }
  const seededRole = store.createRole(itwin, "Seeded role", "Present before any client acts.");
  const memberGroupIds = Array.from({ length: Math.max(1, options.memberGroups ?? 1) }, (_, n) => {
    const group = store.createGroup(itwin, `Seeded group${n ? ` ${n + 1}` : ""}`, "A member before any client acts.");
    store.addGroupMember(itwin, group.id, [seededRole.id]);
    return group.id;
  });
  const nonMemberGroupIds = Array.from(
    { length: options.nonMemberGroups ?? 0 },
    (_, n) => store.createGroup(itwin, `Seeded non-member group ${n + 1}`, "A group of the iTwin, not a member.").id,
  );
  return {
    itwinId: itwin.id,
    otherItwinId: otherItwin.id,
    seededGroupId: memberGroupIds[0]!,
    seededRoleId: seededRole.id,
    memberGroupIds,
    nonMemberGroupIds,
  };
}
