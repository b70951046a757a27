import { getConnInfo } from "@hono/node-server/conninfo";
import type { MiddlewareHandler } from "hono";

// The binding's hooks see only the Web Request; the peer address lives on
// the Node socket. A middleware notes it per request for the rate limiter.
const addresses = new WeakMap<Request, string>();

export const recordClientAddress: MiddlewareHandler = async (c, next) => {
  try {
    const address = getConnInfo(c).remote.address;
    if (address !== undefined) addresses.set(c.req.raw, address);
  } catch {
    // Not behind @hono/node-server (app.request() in unit tests): no address.
  }
  await next();
};

export function clientAddressOf(request: Request): string {
  return addresses.get(request) ?? "unknown";
}
