// The bot-facing client against a real hono server on loopback, bound with
// the same endpoint definitions through @myelin/http.
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMatrixBinding, MatrixError } from "@myelin/http";
import {
  createMatrixClient,
  createTransactionIdGenerator,
  getRoomStateWithKey,
  getTokenOwner,
  login,
  logout,
  sendMessage,
  setRoomStateWithKey,
} from "../src/index.js";
import { serve } from "@hono/node-server";
import { startServer, type RunningServer } from "@myelin/http/testing";

let server: RunningServer;
const sent: { roomId: string; eventType: string; txnId: string; body: unknown }[] = [];
const state = new Map<string, unknown>();
const tokens = new Map<string, string>();

beforeAll(async () => {
  const app = new Hono();
  const binding = createMatrixBinding<string>({ authenticate: (token) => tokens.get(token) ?? null, validateResponses: true });
  binding.fallbacks(app);
  binding.route(app, login, (request) => {
    if (request.body.password !== "correct horse") throw MatrixError.forbidden("Invalid password");
    tokens.set("token-1", "@bot:example.org");
    return { user_id: "@bot:example.org", access_token: "token-1", device_id: "DEVICE" };
  });
  binding.route(app, logout, (_request, context) => {
    if (context.accessToken) tokens.delete(context.accessToken);
    return {};
  });
  binding.route(app, getTokenOwner, (_request, context) => ({ user_id: context.auth }));
  binding.route(app, sendMessage, (request) => {
    sent.push({ ...request.path, body: request.body });
    return { event_id: `$${sent.length}` };
  });
  binding.route(app, setRoomStateWithKey, (request) => {
    state.set(`${request.path.eventType}|${request.path.stateKey}`, request.body);
    return { event_id: "$state" };
  });
  binding.route(app, getRoomStateWithKey, (request) => {
    const content = state.get(`${request.path.eventType}|${request.path.stateKey}`);
    if (content === undefined) throw MatrixError.notFound("No such state");
    return content as Record<string, unknown>;
  });
  server = await startServer(app, serve);
});
afterAll(async () => {
  await server.close();
});

describe("createMatrixClient", () => {
  it("logs in, uses the returned token, and forgets it on logout", async () => {
    const client = createMatrixClient({ baseUrl: server.baseUrl });
    await expect(client.login({ type: "m.login.password", identifier: { type: "m.id.user", user: "bot" }, password: "wrong" })).rejects.toMatchObject({
      errcode: "M_FORBIDDEN",
    });
    const session = await client.login({ type: "m.login.password", identifier: { type: "m.id.user", user: "bot" }, password: "correct horse" });
    expect(session.device_id).toBe("DEVICE");
    expect(client.accessToken).toBe("token-1");
    expect(await client.call(getTokenOwner)).toEqual({ user_id: "@bot:example.org" });
    await client.logout();
    expect(client.accessToken).toBeUndefined();
    await expect(client.call(getTokenOwner)).rejects.toMatchObject({ errcode: "M_MISSING_TOKEN", httpStatus: 401 });
  });

  it("sends events with a fresh transaction ID each time, and reuses one on request (Transaction identifiers)", async () => {
    tokens.set("bot-token", "@bot:example.org");
    const client = createMatrixClient({ baseUrl: server.baseUrl, accessToken: "bot-token" });
    const before = sent.length;
    await client.sendEvent("!room:example.org", "m.room.message", { msgtype: "m.text", body: "one" });
    await client.sendEvent("!room:example.org", "m.room.message", { msgtype: "m.text", body: "two" });
    await client.sendEvent("!room:example.org", "m.room.message", { msgtype: "m.text", body: "again" }, { txnId: "fixed-1" });
    const mine = sent.slice(before);
    expect(mine.map((s) => s.roomId)).toEqual(["!room:example.org", "!room:example.org", "!room:example.org"]);
    expect(new Set(mine.map((s) => s.txnId)).size).toBe(3);
    expect(mine[2]?.txnId).toBe("fixed-1");
    expect(mine[0]?.body).toEqual({ msgtype: "m.text", body: "one" });
  });

  it("sets and reads state with the empty state key (trailing slash form)", async () => {
    const client = createMatrixClient({ baseUrl: server.baseUrl, accessToken: "bot-token" });
    await client.sendStateEvent("!room:example.org", "m.room.topic", { topic: "hello" });
    expect(await client.call(getRoomStateWithKey, { path: { roomId: "!room:example.org", eventType: "m.room.topic", stateKey: "" } })).toEqual({
      topic: "hello",
    });
    await expect(
      client.call(getRoomStateWithKey, { path: { roomId: "!room:example.org", eventType: "m.room.name", stateKey: "" } }),
    ).rejects.toMatchObject({ errcode: "M_NOT_FOUND", httpStatus: 404 });
  });
});

describe("createTransactionIdGenerator", () => {
  it("never repeats within a client, even in the same millisecond", () => {
    const next = createTransactionIdGenerator(() => 1_700_000_000_000);
    const ids = Array.from({ length: 1000 }, next);
    expect(new Set(ids).size).toBe(1000);
    expect(ids[0]).toMatch(/^m1700000000000\.[0-9a-z]+\.0$/);
  });
});
