import { operations, type OperationId } from "../../generated/operations";

/**
 * Which operation of the spec fragment a proxied request is: its method and
 * its path below the target's base path against each operation's method and
 * path template (generated/operations.ts, from the fragment's paths), so an
 * operation added to the fragment is matched without a change here.
 */

export interface OperationMatch {
  operationId: OperationId;
  underTest: boolean;
}

interface Route {
  operationId: OperationId;
  method: string;
  segments: string[];
  /** Literal segments: where two templates match, the more literal one wins. */
  literals: number;
}

const routes: Route[] = (Object.entries(operations) as [OperationId, { method: string; path: string }][])
  .map(([operationId, { method, path }]) => {
    const segments = path.split("/").filter(Boolean);
    return { operationId, method, segments, literals: segments.filter((s) => !isParameter(s)).length };
  })
  .sort((a, b) => b.literals - a.literals);

function isParameter(segment: string): boolean {
  return /^\{\w+\}$/.test(segment);
}

/** The path below `basePath`, or undefined when the path is not below it. */
export function pathBelow(basePath: string, pathname: string): string | undefined {
  const base = basePath.replace(/\/+$/, "");
  if (!base) return pathname;
  if (pathname === base) return "/";
  return pathname.startsWith(`${base}/`) ? pathname.slice(base.length) : undefined;
}

function templateMatches(route: Route, segments: readonly string[]): boolean {
  return (
    route.segments.length === segments.length &&
    route.segments.every((part, i) => (isParameter(part) ? segments[i] !== "" : part === segments[i]))
  );
}

function segmentsOf(path: string): string[] {
  // A trailing slash is another URL; keep its empty segment so it matches no template.
  return path.replace(/^\//, "").split("/");
}

/** The operation `method` `path` (below the base path, without the query) is, or undefined. */
export function matchOperation(method: string, path: string): OperationMatch | undefined {
  const segments = segmentsOf(path);
  const route = routes.find((r) => r.method === method.toUpperCase() && templateMatches(r, segments));
  return route && { operationId: route.operationId, underTest: operations[route.operationId].underTest };
}

/**
 * Whether `path` is the URL of the operation under test and `method` is one
 * that no operation of the spec declares on it (PUT, POST): what
 * METHOD-NOT-ALLOWED is about.
 */
export function isUndeclaredMethodOnOperationUrl(method: string, path: string): boolean {
  const segments = segmentsOf(path);
  const onUrl = routes.filter((r) => templateMatches(r, segments));
  return (
    onUrl.some((r) => operations[r.operationId].underTest) && !onUrl.some((r) => r.method === method.toUpperCase())
  );
}

const underTestId = (Object.keys(operations) as OperationId[]).find((id) => operations[id].underTest)!;

/**
 * The operation a proxied request (`url` as the client sent it, path and
 * query) is to be judged as: a matched operation, or the operation under
 * test for a method no operation declares on its URL (HEAD and OPTIONS
 * aside, which HTTP gives every URL); undefined for anything else.
 */
export function classifyRequest(method: string, url: string, basePath: string): OperationMatch | undefined {
  let pathname: string;
  try {
    pathname = new URL(url, "http://proxy.invalid").pathname;
  } catch {
    return undefined;
  }
  const below = pathBelow(basePath, pathname);
  if (below === undefined) return undefined;
  const matched = matchOperation(method, below);
  if (matched) return matched;
  const generic = ["HEAD", "OPTIONS"].includes(method.toUpperCase());
  return !generic && isUndeclaredMethodOnOperationUrl(method, below)
    ? { operationId: underTestId, underTest: true }
    : undefined;
}
