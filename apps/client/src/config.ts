/**
 * The homeserver the sign-in form starts with: `VITE_DEFAULT_HOMESERVER` at
 * build time, else the page's own origin (the homeserver serves the client
 * at `/`, so the origin is the homeserver).
 */
export function defaultHomeserver(): string {
  const configured: unknown = import.meta.env.VITE_DEFAULT_HOMESERVER;
  return typeof configured === "string" && configured !== "" ? configured : window.location.origin;
}
