import type { IncomingMessage } from "node:http";
import { errors, type ApiError } from "../errors";

/** The page a list was asked for: `$top` (default 100, at most 1000) and `$skip` (default 0). */
export interface PageRequest {
  top: number;
  skip: number;
  /** Whether the request named `$top` or `$skip`: some lists carry `_links` only then. */
  named: boolean;
}

type Link = { href: string };
export type PageLinks = { self: Link; prev?: Link; next?: Link };

export const defaultTop = 100;
export const maxTop = 1000;

/** The page `req` asks for, or the 422 (with the list's own error code) that refuses its `$top` or `$skip`. */
export function pageRequest(req: IncomingMessage, invalidCode: string): PageRequest | ApiError {
  const query = new URL(req.url ?? "/", "http://service").searchParams;
  const read = (name: "$top" | "$skip", fallback: number, min: number, max: number): number | ApiError => {
    const raw = query.get(name);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (/^\d+$/.test(raw) && value >= min && value <= max) return value;
    return errors.invalidRequest(invalidCode, [
      { code: "InvalidValue", message: `${name} must be a whole number from ${min} to ${max}.`, target: name },
    ]);
  };
  const top = read("$top", defaultTop, 1, maxTop);
  if (typeof top !== "number") return top;
  const skip = read("$skip", 0, 0, Number.MAX_SAFE_INTEGER);
  if (typeof skip !== "number") return skip;
  return { top, skip, named: query.has("$top") || query.has("$skip") };
}

/**
 * One page of `items`, in their stable order, under `property` (`members`,
 * `groups`, …), with `_links` to itself and to the pages before and after it
 * (absent where there is none), as absolute URLs on the host the request named.
 */
export function page<P extends string, T>(
  req: IncomingMessage,
  property: P,
  items: readonly T[],
  { top, skip }: PageRequest,
) {
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
  const href = (at: number) => {
    url.search = `?$top=${top}&$skip=${at}`;
    return { href: url.toString().replace(/%24/g, "$") };
  };
  return {
    [property]: items.slice(skip, skip + top),
    _links: {
      self: href(skip),
      ...(skip > 0 ? { prev: href(Math.max(0, skip - top)) } : {}),
      ...(skip + top < items.length ? { next: href(skip + top) } : {}),
    },
  } as Record<P, T[]> & { _links: PageLinks };
}
