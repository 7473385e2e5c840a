/** Why a fetch got no answer, in a few words: the timeout, a host name the DNS does not know, or the system's error code (ECONNREFUSED, …). */
export function fetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"))
    return `no answer within ${timeoutMs} ms`;
  const unresolved = unresolvedHost(error);
  if (unresolved) return `the host "${unresolved.host}" ${dnsFailure(unresolved.code)}`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/**
 * The host a fetch failed on because its name could not be resolved: the
 * DNS does not know it (ENOTFOUND, most often a typo in a URL) or did not
 * answer (EAI_AGAIN). Nothing was sent: no server is at fault.
 */
export function unresolvedHost(error: unknown, url?: string): { host: string; code: string } | undefined {
  const cause = (error as { cause?: { code?: unknown; hostname?: unknown } } | undefined)?.cause;
  if (cause?.code !== "ENOTFOUND" && cause?.code !== "EAI_AGAIN") return undefined;
  const host =
    typeof cause.hostname === "string" ? cause.hostname : url && URL.canParse(url) ? new URL(url).hostname : "?";
  return { host, code: cause.code };
}

/**
 * "<what went wrong>: check <what to fix>" for a host of a setting's URL that
 * could not be resolved; undefined for any other failure.
 */
export function unresolvedHostProblem(error: unknown, url: string, setting: string): string | undefined {
  const unresolved = unresolvedHost(error, url);
  if (!unresolved) return undefined;
  const fix =
    unresolved.code === "EAI_AGAIN"
      ? `check the network's DNS, and the host name in ${setting} "${url}"`
      : `check the host name in ${setting} "${url}"`;
  return `the host "${unresolved.host}" of ${setting} ${dnsFailure(unresolved.code)}: ${fix}`;
}

function dnsFailure(code: string): string {
  return code === "EAI_AGAIN"
    ? "could not be looked up (DNS EAI_AGAIN: the name server did not answer)"
    : "could not be found (DNS ENOTFOUND: no such host)";
}
