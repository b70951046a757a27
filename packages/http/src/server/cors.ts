/**
 * The CORS headers the spec recommends on every response ("Web Browser
 * Clients"), so browser clients on any origin can call the API.
 */
export const CORS_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
  "Access-Control-Allow-Headers": "X-Requested-With, Content-Type, Authorization",
});

export function setCorsHeaders(headers: Headers): void {
  for (const [name, value] of Object.entries(CORS_HEADERS)) headers.set(name, value);
}

/**
 * The response with CORS headers added. Responses from `fetch()` have
 * immutable headers, so those are copied into a new Response.
 */
export function withCors(response: Response): Response {
  try {
    setCorsHeaders(response.headers);
    return response;
  } catch {
    const copy = new Response(response.body, {
      status: response.status,
      statusText: response.statusText,
      headers: new Headers(response.headers),
    });
    setCorsHeaders(copy.headers);
    return copy;
  }
}

/** The answer to a preflight: CORS headers and no endpoint logic. */
export function preflightResponse(): Response {
  return new Response(null, { status: 204, headers: CORS_HEADERS });
}
