export * from "./ed25519.js";
export { sha256 } from "./sha256.js";
export { createNodeEd25519 } from "./node-ed25519.js";
export { createWebCryptoEd25519 } from "./webcrypto-ed25519.js";
export { createTweetnaclEd25519 } from "./tweetnacl-ed25519.js";
export { defaultEd25519 } from "./default-backend.js";
