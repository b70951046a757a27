// `pnpm bench` in packages/core: every core benchmark, one JSON document on stdout.
import { cpus } from "node:os";
import { benchCrypto } from "./crypto.js";
import { benchHashing } from "./hashing.js";
import { benchStateRes } from "./state-res.js";

const started = Date.now();
const report = {
  package: "@myelin/core",
  node: process.version,
  cpu: cpus()[0]?.model,
  crypto: await benchCrypto(),
  hashing: await benchHashing(),
  stateResolution: await benchStateRes(),
  totalSeconds: (Date.now() - started) / 1000,
};
console.log(JSON.stringify(report, null, 2));
