import { operations, type OperationId } from "../../generated/operations";
import { isGuidLike } from "../core/ids";
import { pathBelow } from "./match";

/**
 * The iTwin the traffic was about, for the report: the `{id}` of each
 * matched request's path (every operation of the fragment is below
 * `/itwins/{id}`), counted; the one most requests named wins, the first
 * seen on a tie. Ids that are not GUIDs are hostile input, not an iTwin.
 */
export class TrafficItwin {
  private readonly seen = new Map<string, number>();

  note(operationId: OperationId, url: string, basePath: string): void {
    const template = operations[operationId].path.split("/").filter(Boolean);
    const at = template.indexOf("{id}");
    let pathname: string;
    try {
      pathname = new URL(url, "http://proxy.invalid").pathname;
    } catch {
      return;
    }
    const segment = pathBelow(basePath, pathname)?.split("/").filter(Boolean)[at];
    if (at < 0 || segment === undefined) return;
    const id = safeDecode(segment)?.toLowerCase();
    if (id && isGuidLike(id)) this.seen.set(id, (this.seen.get(id) ?? 0) + 1);
  }

  /** The iTwin most requests named, or null when none named one. */
  mostNamed(): string | null {
    let best: [string, number] | undefined;
    for (const entry of this.seen) if (!best || entry[1] > best[1]) best = entry;
    return best?.[0] ?? null;
  }
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
