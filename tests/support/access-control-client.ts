/**
 * A client of the Access Control v2 sibling operations written to the shape of
 * Bentley's TypeScript client, @itwin/access-control-client 4.3 (its
 * AccessControlClient with the groups, roles and groupMembers sub-clients,
 * the same method names and arguments), from the public API documentation
 * and from what that client puts on the wire and reads back. That package is
 * not on the npm registry this project installs from, so this stands in for
 * it; with the package installed, a test can swap the import.
 *
 * What it does as Bentley's client does, so that a service that fails one
 * fails the other:
 * - one base URL, `{api}/accesscontrol/itwins`, the production one unless given;
 * - every request sends `authorization` as given (the caller writes `Bearer …`),
 *   `content-type: application/json`, `accept: application/vnd.bentley.itwin-platform.v2+json`,
 *   and a JSON body only when there is one;
 * - paging is `?$top=…&$skip=…`, each only when given;
 * - every answer but a 204 is read as JSON; a body that is not JSON, or a
 *   failure without `{ error: { code, message } }`, comes back as the 500
 *   InternalServerError the client makes of it;
 * - the role calls hand back the `role` or `roles` member of the body, the
 *   others the whole body.
 */

export interface ApiError {
  code: string;
  message: string;
  target?: string;
  details?: { code: string; message: string; target?: string }[];
}

export interface ApiResponse<T> {
  status: number;
  data?: T;
  error?: ApiError;
  headers: Record<string, string>;
}

export interface Links {
  self: { href: string };
  prev?: { href: string };
  next?: { href: string };
}

export interface Role {
  id: string;
  displayName: string;
  description: string;
  permissions: string[];
  type: string;
}

export interface Group {
  id: string;
  name: string;
  description: string;
  members: unknown[];
  imsGroups: string[];
}

export interface GroupMember {
  id: string;
  groupName: string;
  groupDescription: string;
  roles: Pick<Role, "id" | "displayName" | "description">[];
}

export interface Paging {
  top?: number;
  skip?: number;
}

const clientFailure: ApiError = {
  code: "InternalServerError",
  message: "An internal exception happened while calling iTwins Service",
};

function isApiError(value: unknown): value is ApiError {
  const error = value as Partial<ApiError> | null;
  return typeof error?.code === "string" && typeof error.message === "string";
}

class Requests {
  constructor(readonly baseUrl: string) {}

  url(path: string, paging?: Paging): string {
    const query = [
      paging?.top !== undefined ? `$top=${paging.top}` : undefined,
      paging?.skip !== undefined ? `$skip=${paging.skip}` : undefined,
    ].filter(Boolean);
    return `${this.baseUrl}/${path}${paging ? `?${query.join("&")}` : ""}`;
  }

  async send<T>(token: string, method: string, url: string, body?: unknown, member?: string): Promise<ApiResponse<T>> {
    try {
      const answer = await fetch(url, {
        method,
        headers: {
          authorization: token,
          "content-type": "application/json",
          accept: "application/vnd.bentley.itwin-platform.v2+json",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const headers: Record<string, string> = {};
      answer.headers.forEach((value, name) => (headers[name] = value));
      const parsed: unknown = answer.status === 204 ? undefined : await answer.json();
      if (!answer.ok) {
        const error = (parsed as { error?: unknown } | undefined)?.error;
        if (!isApiError(error)) throw new Error("an error without an error object");
        return { status: answer.status, error, headers };
      }
      const record = parsed as Record<string, unknown> | undefined;
      const data = member && record && member in record ? record[member] : parsed;
      return { status: answer.status, data: data as T, headers };
    } catch {
      return { status: 500, error: clientFailure, headers: {} };
    }
  }
}

export class AccessControlClient {
  readonly groups;
  readonly roles;
  readonly groupMembers;
  readonly permissions;

  /** `baseUrl`: the iTwins collection of the API, e.g. http://127.0.0.1:41234/accesscontrol/itwins. */
  constructor(baseUrl = "https://api.bentley.com/accesscontrol/itwins") {
    const r = new Requests(baseUrl);
    this.groups = {
      getITwinGroups: (token: string, iTwinId: string, paging?: Paging) =>
        r.send<{ groups: Group[]; _links?: Links }>(token, "GET", r.url(`${iTwinId}/groups`, paging)),
      getITwinGroup: (token: string, iTwinId: string, groupId: string) =>
        r.send<{ group: Group }>(token, "GET", r.url(`${iTwinId}/groups/${groupId}`)),
      createITwinGroup: (token: string, iTwinId: string, group: Pick<Group, "name" | "description">) =>
        r.send<{ group: Group }>(token, "POST", r.url(`${iTwinId}/groups`), group),
      updateITwinGroup: (
        token: string,
        iTwinId: string,
        groupId: string,
        group: Partial<Pick<Group, "name" | "description"> & { members: string[]; imsGroups: string[] }>,
      ) => r.send<{ group: Group }>(token, "PATCH", r.url(`${iTwinId}/groups/${groupId}`), group),
      deleteITwinGroup: (token: string, iTwinId: string, groupId: string) =>
        r.send<undefined>(token, "DELETE", r.url(`${iTwinId}/groups/${groupId}`)),
    };
    this.roles = {
      getITwinRoles: (token: string, iTwinId: string) =>
        r.send<Role[]>(token, "GET", r.url(`${iTwinId}/roles`), undefined, "roles"),
      getITwinRole: (token: string, iTwinId: string, roleId: string) =>
        r.send<Role>(token, "GET", r.url(`${iTwinId}/roles/${roleId}`), undefined, "role"),
      createITwinRole: (token: string, iTwinId: string, role: Pick<Role, "displayName" | "description">) =>
        r.send<Role>(token, "POST", r.url(`${iTwinId}/roles`), role, "role"),
      updateITwinRole: (token: string, iTwinId: string, roleId: string, role: Partial<Omit<Role, "id" | "type">>) =>
        r.send<Role>(token, "PATCH", r.url(`${iTwinId}/roles/${roleId}`), role, "role"),
      deleteITwinRole: (token: string, iTwinId: string, roleId: string) =>
        r.send<undefined>(token, "DELETE", r.url(`${iTwinId}/roles/${roleId}`)),
    };
    this.groupMembers = {
      queryITwinGroupMembers: (token: string, iTwinId: string, paging?: Paging) =>
        r.send<{ members: GroupMember[]; _links: Links }>(token, "GET", r.url(`${iTwinId}/members/groups`, paging)),
      getITwinGroupMember: (token: string, iTwinId: string, memberId: string) =>
        r.send<{ member: GroupMember }>(token, "GET", r.url(`${iTwinId}/members/groups/${memberId}`)),
      addITwinGroupMembers: (
        token: string,
        iTwinId: string,
        added: { members: { groupId: string; roleIds: string[] }[] },
      ) => r.send<{ members: GroupMember[] }>(token, "POST", r.url(`${iTwinId}/members/groups`), added),
      updateITwinGroupMember: (token: string, iTwinId: string, memberId: string, roleIds: string[]) =>
        r.send<{ member: GroupMember }>(token, "PATCH", r.url(`${iTwinId}/members/groups/${memberId}`), { roleIds }),
      removeITwinGroupMember: (token: string, iTwinId: string, memberId: string) =>
        r.send<undefined>(token, "DELETE", r.url(`${iTwinId}/members/groups/${memberId}`)),
    };
    this.permissions = {
      getPermissions: (token: string) => r.send<string[]>(token, "GET", r.url("permissions"), undefined, "permissions"),
      getITwinPermissions: (token: string, iTwinId: string) =>
        r.send<string[]>(token, "GET", r.url(`${iTwinId}/permissions`), undefined, "permissions"),
    };
  }
}
