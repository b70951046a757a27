// Endpoints used by the binding and client tests, shaped like real Matrix ones.
import { z } from "zod";
import { endpoint, rawBody, rawResponse } from "../../src/index.js";

const SPEC = "https://spec.matrix.org/v1.19/client-server-api/";

export const sendMessage = endpoint({
  method: "PUT",
  path: "/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}",
  legacyPaths: ["/_matrix/client/r0/rooms/{roomId}/send/{eventType}/{txnId}"],
  auth: "required",
  rateLimited: true,
  since: "r0",
  operationId: "sendMessage",
  specSection: `${SPEC}#put_matrixclientv3roomsroomidsendeventtypetxnid`,
  pathParams: z.object({ roomId: z.string().startsWith("!"), eventType: z.string().min(1), txnId: z.string().min(1) }),
  body: z.looseObject({}),
  response: z.object({ event_id: z.string() }),
});

export const getEvent = endpoint({
  method: "GET",
  path: "/_matrix/client/v3/rooms/{roomId}/event/{eventId}",
  auth: "optional",
  rateLimited: false,
  since: "r0",
  operationId: "getOneRoomEvent",
  specSection: `${SPEC}#get_matrixclientv3roomsroomideventeventid`,
  pathParams: z.object({ roomId: z.string().min(1), eventId: z.string().min(1) }),
  response: z.looseObject({ room_id: z.string(), event_id: z.string(), requester: z.string().optional() }),
});

export const getState = endpoint({
  method: "GET",
  path: "/_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}",
  auth: "none",
  rateLimited: false,
  since: "r0",
  operationId: "getRoomStateWithKey",
  specSection: `${SPEC}#get_matrixclientv3roomsroomidstateeventtypestatekey`,
  pathParams: z.object({ roomId: z.string().min(1), eventType: z.string().min(1), stateKey: z.string() }),
  response: z.object({ state_key: z.string() }),
});

export const getMessages = endpoint({
  method: "GET",
  path: "/_matrix/client/v3/rooms/{roomId}/messages",
  auth: "none",
  rateLimited: false,
  since: "r0",
  operationId: "getRoomEvents",
  specSection: `${SPEC}#get_matrixclientv3roomsroomidmessages`,
  pathParams: z.object({ roomId: z.string().min(1) }),
  query: z.object({
    dir: z.enum(["b", "f"]),
    limit: z.number().int().min(0).optional(),
    from: z.string().optional(),
    full: z.boolean().optional(),
    via: z.array(z.string()).optional(),
    filter: z.object({ types: z.array(z.string()) }).optional(),
  }),
  response: z.object({ query: z.record(z.string(), z.unknown()) }),
});

export const invite = endpoint({
  method: "POST",
  path: "/_matrix/client/v3/rooms/{roomId}/invite",
  auth: "required",
  rateLimited: true,
  since: "r0",
  operationId: "inviteUser",
  specSection: `${SPEC}#post_matrixclientv3roomsroomidinvite`,
  pathParams: z.object({ roomId: z.string().min(1) }),
  body: z.object({ user_id: z.string().startsWith("@"), reason: z.string().optional() }),
  response: z.object({}),
});

export const upload = endpoint({
  method: "POST",
  path: "/_matrix/media/v3/upload",
  auth: "required",
  rateLimited: true,
  since: "r0",
  operationId: "uploadContent",
  specSection: `${SPEC}#post_matrixmediav3upload`,
  query: z.object({ filename: z.string().optional() }),
  body: rawBody(),
  response: z.object({ content_uri: z.string() }),
});

export const download = endpoint({
  method: "GET",
  path: "/_matrix/client/v1/media/download/{serverName}/{mediaId}",
  auth: "required",
  rateLimited: true,
  since: "v1.11",
  operationId: "getContentAuthed",
  specSection: `${SPEC}#get_matrixclientv1mediadownloadservernamemediaid`,
  pathParams: z.object({ serverName: z.string().min(1), mediaId: z.string().min(1) }),
  response: rawResponse(),
});

export const versions = endpoint({
  method: "GET",
  path: "/_matrix/client/versions",
  auth: "none",
  rateLimited: false,
  since: "r0",
  operationId: "getVersions",
  specSection: `${SPEC}#get_matrixclientversions`,
  response: z.object({ versions: z.array(z.string()) }),
});

// Two operations on one method and path, as the spec has for invites and /events.
export const inviteBy3pid = endpoint({
  method: "POST",
  path: "/_matrix/client/v3/rooms/{roomId}/invite",
  auth: "required",
  rateLimited: true,
  since: "r0",
  operationId: "inviteBy3PID",
  specSection: `${SPEC}#post_matrixclientv3roomsroomidinvite-1`,
  pathParams: z.object({ roomId: z.string().min(1) }),
  body: z.object({ id_server: z.string(), id_access_token: z.string(), medium: z.string(), address: z.string() }),
  response: z.object({}),
});

export const peekEvents = endpoint({
  method: "GET",
  path: "/_matrix/client/v3/events",
  auth: "optional",
  rateLimited: false,
  since: "r0",
  operationId: "peekEvents",
  specSection: `${SPEC}#get_matrixclientv3events`,
  query: z.object({ room_id: z.string(), from: z.string().optional() }),
  response: z.object({ peeked: z.string() }),
});

export const getEvents = endpoint({
  method: "GET",
  path: "/_matrix/client/v3/events",
  auth: "optional",
  rateLimited: false,
  since: "r0",
  deprecated: true,
  operationId: "getEvents",
  specSection: `${SPEC}#get_matrixclientv3events-1`,
  query: z.object({ from: z.string().optional(), timeout: z.number().int().optional() }),
  response: z.object({ peeked: z.string() }),
});
