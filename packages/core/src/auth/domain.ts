/**
 * The part after the first `:` of `@user:server`, `!room:server` or
 * `$event:server` (appendix "Common Identifier Format"), or undefined when
 * there is none (room-12 room IDs, v3+ event IDs). The rules compare these
 * domains as strings; unlike `serverNameOf` this never throws, because the
 * auth rules must answer for any event, even one with a malformed ID.
 */
export function domainOf(id: string): string | undefined {
  const colon = id.indexOf(":");
  return colon < 0 ? undefined : id.slice(colon + 1);
}
