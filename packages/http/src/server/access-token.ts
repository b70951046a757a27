/**
 * The access token of a request: `Authorization: Bearer <token>`, or the
 * `access_token` query parameter that the spec accepted up to v1.19 (v1.20
 * drops it; `allowQuery: false` follows that).
 */
export function extractAccessToken(request: Request, allowQuery: boolean): string | undefined {
  const header = request.headers.get("Authorization");
  if (header !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (match?.[1]) return match[1];
  }
  if (!allowQuery) return undefined;
  const fromQuery = new URL(request.url).searchParams.get("access_token");
  return fromQuery === null || fromQuery === "" ? undefined : fromQuery;
}
