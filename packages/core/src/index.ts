// @myelin/core — the shared vocabulary of Matrix. No I/O; runs in Node and browsers.
export * from "./errors.js";
export * from "./json/base64.js";
export * from "./json/canonical-json.js";
export * from "./crypto/index.js";
export * from "./signing/index.js";
export * from "./identifiers/index.js";
export * from "./rooms/room-versions.js";
export * from "./events/pdu.js";
export * from "./events/index.js";
export * from "./power-levels/index.js";
export * from "./auth/index.js";
export * from "./state-res/index.js";
export * from "./schemas/index.js";
export * from "./push-rules/index.js";
export * from "./client/index.js";
