/** Headers that belong to one connection, never forwarded (RFC 9110 §7.6.1), with those Connection names. */
const hopByHop = new Set([
  "connection",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** The raw headers without the hop-by-hop ones (and those the Connection header names). */
export function endToEndHeaders(raw: readonly string[], replaceHost?: string): string[] {
  const named = new Set<string>(hopByHop);
  for (let i = 0; i < raw.length; i += 2)
    if (raw[i]!.toLowerCase() === "connection")
      for (const name of raw[i + 1]!.split(",")) named.add(name.trim().toLowerCase());
  const kept: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (named.has(name)) continue;
    kept.push(raw[i]!, name === "host" && replaceHost !== undefined ? replaceHost : raw[i + 1]!);
  }
  return kept;
}
