/** The Accept value the documentation recommends for every request of the API (not a requirement). */
export const recommendedAccept = "application/vnd.bentley.itwin-platform.v2+json";

/** What the reference service declares on its JSON answers. */
export const jsonContentType = "application/json; charset=utf-8";

/** application/json or any application/…+json, with or without parameters. */
export function isJsonMediaType(contentType: string | undefined): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType ?? "");
}
