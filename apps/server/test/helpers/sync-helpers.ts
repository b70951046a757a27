import { createRoom, inviteUser, joinRoomById, sendMessage, sync, type MatrixClient } from "@myelin/client-server";
import type { TestServer } from "./test-server.js";

export interface TestUser {
  client: MatrixClient;
  userId: string;
  deviceId: string;
  accessToken: string;
}

let txnCounter = 0;

/** Send an m.room.message (m.text) and return its event ID. */
export async function sendText(user: TestUser, roomId: string, body: string): Promise<string> {
  txnCounter += 1;
  const response = await user.client.call(sendMessage, { path: { roomId, eventType: "m.room.message", txnId: `t${txnCounter}-${Date.now()}` }, body: { msgtype: "m.text", body } });
  return response.event_id;
}

/** A room created by `owner` with `others` invited and joined. */
export async function roomWith(owner: TestUser, others: readonly TestUser[], options: { preset?: "private_chat" | "public_chat"; name?: string } = {}): Promise<string> {
  const { room_id: roomId } = await owner.client.call(createRoom, { body: { preset: options.preset ?? "private_chat", ...(options.name !== undefined && { name: options.name }) } });
  for (const other of others) {
    await owner.client.call(inviteUser, { path: { roomId }, body: { user_id: other.userId } });
    await other.client.call(joinRoomById, { path: { roomId }, body: {} });
  }
  return roomId;
}

export type SyncQuery = { filter?: string; since?: string; full_state?: boolean; timeout?: number; set_presence?: "offline" | "online" | "unavailable"; use_state_after?: boolean };

export function syncOnce(user: TestUser, query: SyncQuery = {}) {
  return user.client.call(sync, { query });
}

let userCounter = 0;

/** A fresh user with a unique name on `hs`. */
export async function newUser(hs: TestServer, prefix: string): Promise<TestUser> {
  userCounter += 1;
  return hs.registerUser(`${prefix}${userCounter}`);
}
