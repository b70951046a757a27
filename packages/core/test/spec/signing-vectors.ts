// Appendices, "Cryptographic Test Vectors": the "Signing Key" and the events
// of "Event Signing", shared by the signing and PDU-format unit tests.
import { decodeBase64 } from "../../src/json/base64.js";

export const SIGNING_KEY_SEED = decodeBase64("YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1");
export const SERVER_NAME = "domain";
export const KEY_ID = "ed25519:1";

export const minimalEvent = {
  room_id: "!x:domain",
  sender: "@a:domain",
  origin: "domain",
  origin_server_ts: 1000000,
  signatures: {},
  hashes: {},
  type: "X",
  content: {},
  prev_events: [],
  auth_events: [],
  depth: 3,
  unsigned: { age_ts: 1000000 },
};

export const minimalEventSigned = {
  auth_events: [],
  content: {},
  depth: 3,
  hashes: { sha256: "5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos" },
  origin: "domain",
  origin_server_ts: 1000000,
  prev_events: [],
  room_id: "!x:domain",
  sender: "@a:domain",
  signatures: { domain: { "ed25519:1": "KxwGjPSDEtvnFgU00fwFz+l6d2pJM6XBIaMEn81SXPTRl16AqLAYqfIReFGZlHi5KLjAWbOoMszkwsQma+lYAg" } },
  type: "X",
  unsigned: { age_ts: 1000000 },
};

export const redactableEvent = {
  content: { body: "Here is the message content" },
  event_id: "$0:domain",
  origin: "domain",
  origin_server_ts: 1000000,
  type: "m.room.message",
  room_id: "!r:domain",
  sender: "@u:domain",
  signatures: {},
  unsigned: { age_ts: 1000000 },
};

export const redactableEventSigned = {
  content: { body: "Here is the message content" },
  event_id: "$0:domain",
  hashes: { sha256: "onLKD1bGljeBWQhWZ1kaP9SorVmRQNdN5aM2JYU2n/g" },
  origin: "domain",
  origin_server_ts: 1000000,
  type: "m.room.message",
  room_id: "!r:domain",
  sender: "@u:domain",
  signatures: { domain: { "ed25519:1": "Wm+VzmOUOz08Ds+0NTWb1d4CZrVsJSikkeRxh6aCcUwu6pNC78FunoD7KNWzqFn241eYHYMGCA5McEiVPdhzBA" } },
  unsigned: { age_ts: 1000000 },
};
