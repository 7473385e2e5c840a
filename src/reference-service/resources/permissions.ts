import { permissionNames } from "../../../generated/permissions";
import { route, type AnyRoute } from "../pipeline/routes";
import { answers } from "../responder";

/**
 * The permissions of the API: every one it knows, and those the caller holds in an iTwin. Bentley's
 * access-control-client (`PermissionsClient`) and itwin-cli (`permissions all`, `permissions me`) call them.
 */
export function permissionRoutes(): AnyRoute[] {
  return [
    route({
      method: "GET",
      path: "itwins/permissions",
      needs: "a token",
      handle: () => answers.json(200, { permissions: [...permissionNames] }),
    }),
    route({
      method: "GET",
      path: "itwins/:id/permissions",
      needs: "to see the iTwin",
      rule: 'get-iTwin-permissions: "No Authorization is required for this API call." (an iTwin the caller does not see is 404 ItwinNotFound)',
      handle: ({ itwin, caller }) => {
        const held: ReadonlySet<string> = itwin.access.get(caller.clientId) ?? new Set();
        // In the catalog's order: the answer does not depend on the order the permissions were granted in.
        return answers.json(200, { permissions: permissionNames.filter((name) => held.has(name)) });
      },
    }),
  ];
}
