import { createClient, type ClientOptions, type MatrixHttpClient, type RequestOf, type ResponseOf } from "@myelin/http";
import { login } from "../endpoints/login.js";
import { logout } from "../endpoints/logout.js";
import { sendMessage } from "../endpoints/room-send.js";
import { setRoomStateWithKey } from "../endpoints/room-state.js";
import type { JsonObject } from "../schemas/json.js";
import { createTransactionIdGenerator } from "./transaction-ids.js";

export type MatrixClientOptions = ClientOptions;

type LoginBody = RequestOf<typeof login>["body"];

/**
 * The typed client for bots and clients: `call(endpoint, request)` for every
 * endpoint of the API, plus the few helpers that carry protocol knowledge a
 * caller would otherwise re-implement (transaction IDs, keeping the token).
 */
export interface MatrixClient extends MatrixHttpClient {
  /**
   * Send a message event (`PUT /rooms/{roomId}/send/{eventType}/{txnId}`)
   * with a fresh transaction ID; pass `txnId` to retransmit an earlier send.
   */
  sendEvent(roomId: string, eventType: string, content: JsonObject, options?: { txnId?: string; signal?: AbortSignal }): Promise<string>;
  /** Set a state event (`PUT /rooms/{roomId}/state/{eventType}/{stateKey}`); the state key defaults to "". */
  sendStateEvent(roomId: string, eventType: string, content: JsonObject, stateKey?: string): Promise<string>;
  /** `POST /login`, then use the returned access token for later calls. */
  login(body: LoginBody): Promise<ResponseOf<typeof login>>;
  /** `POST /logout`, then forget the access token. */
  logout(): Promise<void>;
}

export function createMatrixClient(options: MatrixClientOptions): MatrixClient {
  const http = createClient(options);
  const nextTransactionId = createTransactionIdGenerator();
  const client: MatrixClient = Object.assign(http, {
    async sendEvent(roomId: string, eventType: string, content: JsonObject, sendOptions: { txnId?: string; signal?: AbortSignal } = {}) {
      const txnId = sendOptions.txnId ?? nextTransactionId();
      const response = await http.call(
        sendMessage,
        { path: { roomId, eventType, txnId }, body: content },
        sendOptions.signal ? { signal: sendOptions.signal } : {},
      );
      return response.event_id;
    },
    async sendStateEvent(roomId: string, eventType: string, content: JsonObject, stateKey = "") {
      const response = await http.call(setRoomStateWithKey, { path: { roomId, eventType, stateKey }, body: content });
      return response.event_id;
    },
    async login(body: LoginBody) {
      const response = await http.call(login, { body }, { accessToken: null });
      http.accessToken = response.access_token;
      return response;
    },
    async logout() {
      await http.call(logout);
      http.accessToken = undefined;
    },
  });
  return client;
}
