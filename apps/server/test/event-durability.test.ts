// Event durability (issue 3): "No acknowledged write is lost when the process
// is killed with SIGKILL". Several senders send messages concurrently (so
// events share group commits), the server is SIGKILLed mid-load, and after a
// restart on the same data directory every event acknowledged with 200 must
// be readable and in the room's timeline in the order it was sent, and a
// retried transaction ID must return the same event, not a new one
// (client-server "Transaction identifiers": idempotency survives the restart).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { spawnServer } from "./helpers/cli.js";

type Json = Record<string, unknown>;

async function call(baseUrl: string, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; json: Json }> {
  const response = await fetch(baseUrl + path, {
    method,
    headers: { ...(token !== undefined && { authorization: `Bearer ${token}` }), ...(body !== undefined && { "content-type": "application/json" }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as Json };
}

async function ok(baseUrl: string, method: string, path: string, token?: string, body?: unknown): Promise<Json> {
  const { status, json } = await call(baseUrl, method, path, token, body);
  if (status !== 200) throw new Error(`${method} ${path}: ${status} ${JSON.stringify(json)}`);
  return json;
}

interface Acknowledged {
  sender: number;
  txnId: string;
  eventId: string;
}

const SENDERS = 6;

describe("event durability on SQLite", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "myelin-event-durability-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = { MYELIN_DATA_DIR: dataDir, MYELIN_RATE_LIMITS: "off", MYELIN_ENABLE_REGISTRATION: "true" };

  it("keeps every acknowledged event, in order, after SIGKILL mid-load; a retried txnId is not a duplicate", async () => {
    const first = await spawnServer([], env);
    const tokens: string[] = [];
    for (let i = 0; i < SENDERS; i++) {
      const reply = await ok(first.baseUrl, "POST", "/_matrix/client/v3/register", undefined, { username: `sender${i}`, password: "durable password 1", auth: { type: "m.login.dummy" } });
      tokens.push(reply.access_token as string);
    }
    const roomId = (await ok(first.baseUrl, "POST", "/_matrix/client/v3/createRoom", tokens[0], { preset: "public_chat" })).room_id as string;
    const room = encodeURIComponent(roomId);
    for (const token of tokens.slice(1)) await ok(first.baseUrl, "POST", `/_matrix/client/v3/join/${room}`, token, {});

    const acknowledged: Acknowledged[] = [];
    let killed = false;
    const worker = async (sender: number) => {
      for (let n = 0; !killed; n++) {
        const txnId = `s${sender}-${n}`;
        try {
          const { status, json } = await call(first.baseUrl, "PUT", `/_matrix/client/v3/rooms/${room}/send/m.room.message/${txnId}`, tokens[sender], { msgtype: "m.text", body: txnId });
          if (status === 200) acknowledged.push({ sender, txnId, eventId: json.event_id as string });
        } catch {
          // Cut off by the kill: never acknowledged, so nothing was promised.
        }
        if (acknowledged.length >= 150 && !killed) {
          killed = true;
          first.child.kill("SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: SENDERS }, (_, sender) => worker(sender)));
    expect((await first.exited).signal).toBe("SIGKILL");
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);

    const second = await spawnServer([], env);
    try {
      const { baseUrl } = second;
      for (const ack of acknowledged) {
        const event = await ok(baseUrl, "GET", `/_matrix/client/v3/rooms/${room}/event/${encodeURIComponent(ack.eventId)}`, tokens[ack.sender]);
        expect(event.content).toMatchObject({ body: ack.txnId });
      }

      const readTimeline = async (): Promise<string[]> => {
        const ids: string[] = [];
        let from: string | undefined;
        for (;;) {
          const page = await ok(baseUrl, "GET", `/_matrix/client/v3/rooms/${room}/messages?dir=f&limit=500${from === undefined ? "" : `&from=${encodeURIComponent(from)}`}`, tokens[0]);
          const chunk = page.chunk as { event_id: string }[];
          ids.push(...chunk.map((event) => event.event_id));
          if (typeof page.end !== "string" || chunk.length === 0) return ids;
          from = page.end;
        }
      };
      const timeline = await readTimeline();
      const position = new Map(timeline.map((eventId, index) => [eventId, index]));
      for (const ack of acknowledged) expect(position.has(ack.eventId), `${ack.txnId} ${ack.eventId} in /messages`).toBe(true);
      // Each sender sent one message at a time, so its acknowledged events are in the timeline in the order they were acknowledged.
      for (let sender = 0; sender < SENDERS; sender++) {
        const mine = acknowledged.filter((ack) => ack.sender === sender).map((ack) => position.get(ack.eventId)!);
        expect(mine).toEqual([...mine].sort((a, b) => a - b));
      }

      // Retrying acknowledged transactions (one per sender) returns the stored event: no duplicate.
      const retried = Array.from({ length: SENDERS }, (_, sender) => acknowledged.filter((ack) => ack.sender === sender).at(-1)).filter((ack) => ack !== undefined);
      expect(retried.length).toBeGreaterThan(0);
      for (const ack of retried) {
        const again = await ok(baseUrl, "PUT", `/_matrix/client/v3/rooms/${room}/send/m.room.message/${ack.txnId}`, tokens[ack.sender], { msgtype: "m.text", body: ack.txnId });
        expect(again.event_id).toBe(ack.eventId);
      }
      const after = await readTimeline();
      expect(after.length).toBe(timeline.length);
      for (const ack of retried) expect(after.filter((eventId) => eventId === ack.eventId)).toHaveLength(1);
    } finally {
      second.child.kill("SIGTERM");
      await second.exited;
    }
  }, 120_000);
});
