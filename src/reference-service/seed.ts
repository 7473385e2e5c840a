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
}

export interface Seed {
  itwinId: string;
  otherItwinId: string;
  /** A group that is a member of the seeded iTwin before any client acts: nobody's fixture. */
  seededGroupId: string;
  seededRoleId: string;
}

/** The clients of a service instance; the secrets are the documented development defaults unless given. */
export function referenceClients(secrets: { admin?: string; reader?: string; probe?: string }): ReferenceClients {
  return {
    admin: { clientId: adminClientId, clientSecret: secrets.admin ?? "conformance-admin-secret" },
    reader: { clientId: "conformance-reader", clientSecret: secrets.reader ?? "conformance-reader-secret" },
    probe: { clientId: "conformance-probe", clientSecret: secrets.probe ?? "conformance-probe-secret" },
  };
}

export function registrations(clients: ReferenceClients): ClientRegistration[] {
  return [clients.admin, clients.reader, clients.probe].map((client) => ({ ...client, scopes: [platformScope] }));
}

/** Two iTwins the admin and the probe administer and the reader may only read, and one membership nobody made. */
export function seedStore(store: Store, clients: ReferenceClients): Seed {
  const itwin = store.addItwin("Conformance iTwin");
  const otherItwin = store.addItwin("Second conformance iTwin");
  for (const t of [itwin, otherItwin]) {
    store.grant(t, clients.admin.clientId, adminPermissions);
    store.grant(t, clients.reader.clientId, [permissions.read]);
    store.grant(t, clients.probe.clientId, adminPermissions);
  }
  const seededRole = store.createRole(itwin, "Seeded role", "Present before any client acts.");
  const seededGroup = store.createGroup(itwin, "Seeded group", "A member before any client acts.");
  store.addGroupMember(itwin, seededGroup.id, [seededRole.id]);
  return {
    itwinId: itwin.id,
    otherItwinId: otherItwin.id,
    seededGroupId: seededGroup.id,
    seededRoleId: seededRole.id,
  };
}
