import { randomUUID } from "node:crypto";
import type { PermissionName } from "../../generated/permissions";
import type { IdSource } from "./ids";

/** A permission of Access Control v2, as the public API spells it (specs/permissions.yaml). */
export type Permission = PermissionName;

/** The permissions the reference service enforces or grants its clients, by what they are for. */
export const permissions = {
  read: "itwins_read",
  manageGroups: "administration_manage_groups",
  manageRoles: "administration_manage_roles",
  inviteMember: "administration_invite_member",
  removeMember: "administration_remove_member",
} as const satisfies Record<string, Permission>;

/** What an administrator of an iTwin holds here: every permission the service enforces. */
export const adminPermissions: Permission[] = Object.values(permissions);

/** A role's type: the iTwin's own roles are Custom; Default is the type of the roles the platform gives. */
export const roleTypes = ["Custom", "Default"] as const;
export type RoleType = (typeof roleTypes)[number];

export interface Role {
  id: string;
  displayName: string;
  description: string;
  permissions: string[];
  type: RoleType;
}

export interface Group {
  id: string;
  name: string;
  description: string;
}

export interface Itwin {
  id: string;
  name: string;
  groups: Map<string, Group>;
  roles: Map<string, Role>;
  /** Group memberships: group id → the role ids it holds in this iTwin. */
  groupMembers: Map<string, string[]>;
  /** What each client may do in this iTwin. */
  access: Map<string, Set<Permission>>;
  /** The organization that owns it. */
  organizationId?: string;
}

/** The in-memory state of the reference service. Ids are lower-case GUIDs. */
export class Store {
  readonly itwins = new Map<string, Itwin>();
  /** Organization id → the clients that are its Organization Administrators. */
  readonly organizationAdmins = new Map<string, Set<string>>();

  /** `newId` makes every id the store gives out (src/reference-service/ids.ts); random by default. */
  constructor(readonly newId: IdSource = randomUUID) {}

  addItwin(name: string, id: string = this.newId()): Itwin {
    const itwin: Itwin = { id, name, groups: new Map(), roles: new Map(), groupMembers: new Map(), access: new Map() };
    this.itwins.set(id, itwin);
    return itwin;
  }

  /** The iTwin if it exists and the client may see it; ids compare without regard to case. */
  visibleItwin(id: string, clientId: string): Itwin | undefined {
    const itwin = this.itwins.get(id.toLowerCase());
    return itwin && (itwin.access.has(clientId) || this.administersOwner(itwin, clientId)) ? itwin : undefined;
  }

  /** Whether the client is an Organization Administrator of the organization that owns the iTwin. */
  administersOwner(itwin: Itwin, clientId: string): boolean {
    return itwin.organizationId !== undefined && !!this.organizationAdmins.get(itwin.organizationId)?.has(clientId);
  }

  /**
   * Whether the client holds `permission` in the iTwin, or, where an Organization Administrator may act without it
   * (the removal's documented rule), administers the iTwin's owner.
   */
  permits(itwin: Itwin, clientId: string, permission: Permission, orOrganizationAdmin = false): boolean {
    return this.can(itwin, clientId, permission) || (orOrganizationAdmin && this.administersOwner(itwin, clientId));
  }

  can(itwin: Itwin, clientId: string, permission: Permission): boolean {
    return itwin.access.get(clientId)?.has(permission) ?? false;
  }

  grant(itwin: Itwin, clientId: string, granted: Permission[]): void {
    itwin.access.set(clientId, new Set(granted));
  }

  createGroup(itwin: Itwin, name: string, description: string): Group {
    const group = { id: this.newId(), name, description };
    itwin.groups.set(group.id, group);
    return group;
  }

  /** Another group of the iTwin with this name; names compare without regard to letter case. */
  groupNamed(itwin: Itwin, name: string, exceptId?: string): Group | undefined {
    const wanted = name.toLowerCase();
    return [...itwin.groups.values()].find((g) => g.id !== exceptId && g.name.toLowerCase() === wanted);
  }

  deleteGroup(itwin: Itwin, groupId: string): boolean {
    itwin.groupMembers.delete(groupId);
    return itwin.groups.delete(groupId);
  }

  createRole(itwin: Itwin, displayName: string, description: string, type: RoleType = "Custom"): Role {
    const role = { id: this.newId(), displayName, description, permissions: [], type };
    itwin.roles.set(role.id, role);
    return role;
  }

  deleteRole(itwin: Itwin, roleId: string): boolean {
    if (!itwin.roles.delete(roleId)) return false;
    for (const [groupId, roleIds] of itwin.groupMembers) {
      itwin.groupMembers.set(
        groupId,
        roleIds.filter((id) => id !== roleId),
      );
    }
    return true;
  }

  /** Adds a group membership or merges roles into an existing one. */
  addGroupMember(itwin: Itwin, groupId: string, roleIds: string[]): void {
    const current = itwin.groupMembers.get(groupId) ?? [];
    itwin.groupMembers.set(groupId, [...new Set([...current, ...roleIds])]);
  }

  removeGroupMember(itwin: Itwin, groupId: string): boolean {
    return itwin.groupMembers.delete(groupId);
  }

  memberView(itwin: Itwin, groupId: string) {
    const group = itwin.groups.get(groupId);
    const roleIds = itwin.groupMembers.get(groupId);
    if (!group || !roleIds) return undefined;
    return {
      id: group.id,
      groupName: group.name,
      groupDescription: group.description,
      roles: roleIds.flatMap((id) => {
        const role = itwin.roles.get(id);
        return role ? [{ id: role.id, displayName: role.displayName, description: role.description }] : [];
      }),
    };
  }

  groupView(itwin: Itwin, group: Group) {
    return { id: group.id, name: group.name, description: group.description, members: [], imsGroups: [] };
  }
}
