// `pnpm bench` in apps/server: the homeserver under load, one JSON document
// on stdout. The server runs as its own process (the built CLI, embedded
// SQLite, rate limits off); this process is the load generator, talking
// plain HTTP over loopback with keep-alive.
import { spawn, type ChildProcess } from "node:child_process";
import { setMaxListeners } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const SERVER_CLI = fileURLToPath(new URL("../dist/cli.js", import.meta.url));

interface User {
  userId: string;
  token: string;
}

type Json = Record<string, unknown>;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function startServer(): Promise<{ baseUrl: string; child: ChildProcess; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), "myelin-bench-"));
  const port = await freePort();
  // MYELIN_BENCH_NODE_ARGS: extra Node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile it.
  const nodeArgs = process.env.MYELIN_BENCH_NODE_ARGS?.split(" ").filter((arg) => arg !== "") ?? [];
  const child = spawn(process.execPath, [...nodeArgs, SERVER_CLI, "start"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      MYELIN_DATA_DIR: dataDir,
      MYELIN_PORT: String(port),
      MYELIN_BIND: "127.0.0.1",
      MYELIN_SERVER_NAME: "localhost",
      MYELIN_ENABLE_REGISTRATION: "true",
      MYELIN_RATE_LIMITS: "off",
      MYELIN_SERVE_CLIENT: "false",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      if ((await fetch(`${baseUrl}/_matrix/client/versions`)).ok) return { baseUrl, child, dataDir };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill("SIGKILL");
  throw new Error("the server did not start");
}

function createHttp(baseUrl: string) {
  return async function request(method: string, path: string, token?: string, body?: unknown): Promise<Json> {
    const response = await fetch(baseUrl + path, {
      method,
      headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { "content-type": "application/json" }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as Json;
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n: number) => Number(n.toFixed(2));
  return { count: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1) ?? NaN) };
}

/** Run `count` tasks with at most `concurrency` in flight. */
async function pool<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const index = next++;
        results[index] = await task(index);
      }
    }),
  );
  return results;
}

function residentMemoryMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Number((kb / 1024).toFixed(1));
}

/** The server's own view of its memory (prom-client's process metrics at /metrics), in MB. */
async function memoryBreakdown(baseUrl: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, "m").exec(text)?.[1] ?? NaN) / 1024 / 1024;
  const round = (n: number) => Number(n.toFixed(1));
  return {
    heapUsed: round(read("nodejs_heap_size_used_bytes")),
    heapTotal: round(read("nodejs_heap_size_total_bytes")),
    external: round(read("nodejs_external_memory_bytes")),
  };
}

async function main() {
  const { baseUrl, child, dataDir } = await startServer();
  const http = createHttp(baseUrl);
  let txn = 0;
  const send = (user: User, roomId: string, body: string) =>
    http("PUT", `/_matrix/client/v3/rooms/${encodeURIComponent(roomId)}/send/m.room.message/b${txn++}`, user.token, { msgtype: "m.text", body });
  const join = (user: User, roomId: string) => http("POST", `/_matrix/client/v3/join/${encodeURIComponent(roomId)}`, user.token, {});
  const createRoom = async (user: User, name: string) => (await http("POST", "/_matrix/client/v3/createRoom", user.token, { preset: "public_chat", name })).room_id as string;

  try {
    // 1. Register 100 users.
    let started = performance.now();
    const users = await pool(100, 8, async (i) => {
      const reply = await http("POST", "/_matrix/client/v3/register", undefined, { username: `bench${i}`, password: "bench password 1234", auth: { type: "m.login.dummy" } });
      return { userId: reply.user_id as string, token: reply.access_token as string } satisfies User;
    });
    const registerSeconds = (performance.now() - started) / 1000;

    // 2. Ten rooms that every user joins (the senders and the syncers share them).
    const rooms: string[] = [];
    for (let r = 0; r < 10; r++) rooms.push(await createRoom(users[0]!, `bench room ${r}`));
    await pool(99 * 10, 8, (i) => join(users[1 + (i % 99)]!, rooms[Math.floor(i / 99)]!));

    // 3. 16 concurrent senders, 2,000 messages round-robin over the rooms, nobody syncing.
    const senders = users.slice(0, 16);
    const sendBurst = async (messages: number, sentAt?: Map<string, number>) => {
      const latencies: number[] = [];
      const begin = performance.now();
      await pool(messages, senders.length, async (i) => {
        const t0 = performance.now();
        const reply = await send(senders[i % senders.length]!, rooms[i % rooms.length]!, `message ${i}`);
        const t1 = performance.now();
        latencies.push(t1 - t0);
        sentAt?.set(reply.event_id as string, t1);
      });
      const seconds = (performance.now() - begin) / 1000;
      return { messages, seconds: Number(seconds.toFixed(2)), messagesPerSecond: Math.round(messages / seconds), sendLatencyMs: summary(latencies) };
    };
    const quietSends = await sendBurst(2000);

    // 4. The same with 100 users long-polling /sync; measure send response -> other user's /sync.
    const sentAt = new Map<string, number>();
    const deliveries: number[] = [];
    const controller = new AbortController();
    setMaxListeners(0, controller.signal); // one listener per in-flight long-poll
    const syncTokens = await Promise.all(
      users.map(async (user) => (await http("GET", `/_matrix/client/v3/sync?filter=${encodeURIComponent(JSON.stringify({ room: { timeline: { limit: 1 } } }))}`, user.token)).next_batch as string),
    );
    const syncLoops = users.map(async (user, u) => {
      let since = syncTokens[u]!;
      while (!controller.signal.aborted) {
        let reply: Json;
        try {
          const response = await fetch(`${baseUrl}/_matrix/client/v3/sync?timeout=30000&since=${encodeURIComponent(since)}`, {
            headers: { authorization: `Bearer ${user.token}` },
            signal: controller.signal,
          });
          reply = (await response.json()) as Json;
        } catch {
          return;
        }
        const arrived = performance.now();
        since = reply.next_batch as string;
        const joined = ((reply.rooms as Json | undefined)?.join ?? {}) as Record<string, { timeline?: { events?: { event_id: string; sender: string }[] } }>;
        for (const room of Object.values(joined)) {
          for (const event of room.timeline?.events ?? []) {
            const t = sentAt.get(event.event_id);
            if (t !== undefined && event.sender !== user.userId) deliveries.push(arrived - t);
          }
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 500)); // let every long-poll park
    const syncingSends = await sendBurst(2000, sentAt);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // let the last deliveries land
    controller.abort();
    await Promise.all(syncLoops);

    // 5. Initial /sync for a user in 50 rooms with 20 messages each.
    const reader = users[99]!;
    const readerRooms: string[] = [];
    for (let r = 0; r < 50; r++) {
      const roomId = await createRoom(reader, `reader room ${r}`);
      readerRooms.push(roomId);
      for (let m = 0; m < 20; m++) await send(reader, roomId, `history ${m}`);
    }
    const fresh = (await http("POST", "/_matrix/client/v3/login", undefined, { type: "m.login.password", identifier: { type: "m.id.user", user: "bench99" }, password: "bench password 1234" })).access_token as string;
    const initialSyncMs: number[] = [];
    for (let run = 0; run < 5; run++) {
      started = performance.now();
      await http("GET", "/_matrix/client/v3/sync", fresh);
      initialSyncMs.push(performance.now() - started);
    }

    // 6. /messages over 1,000 events, backwards from the end in pages of 100.
    const history = await createRoom(reader, "long history");
    await pool(1000, 8, (i) => send(reader, history, `long ${i}`));
    const messagesRuns: number[] = [];
    let eventsSeen = 0;
    for (let run = 0; run < 3; run++) {
      started = performance.now();
      let from: string | undefined;
      eventsSeen = 0;
      for (;;) {
        const page = await http("GET", `/_matrix/client/v3/rooms/${encodeURIComponent(history)}/messages?dir=b&limit=100${from ? `&from=${encodeURIComponent(from)}` : ""}`, reader.token);
        eventsSeen += (page.chunk as unknown[]).length;
        if (typeof page.end !== "string" || (page.chunk as unknown[]).length === 0) break;
        from = page.end;
      }
      messagesRuns.push(performance.now() - started);
    }

    const residentRightAfterLoad = residentMemoryMb(child.pid!);
    // V8 gives back heap it grew under load once allocation calms down (its memory reducer): measure again after a quiet spell.
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    const report = {
      benchmark: "@myelin/server, SQLite, one server process",
      node: process.version,
      registerUsers: { users: 100, concurrency: 8, seconds: Number(registerSeconds.toFixed(2)), perSecond: Math.round(100 / registerSeconds) },
      sendWithoutSyncers: quietSends,
      sendWith100Syncers: syncingSends,
      sendToOtherUsersSyncMs: summary(deliveries),
      initialSync50Rooms20MessagesMs: summary(initialSyncMs),
      messagesBackwards1000EventsMs: { ...summary(messagesRuns), eventsSeen, pageSize: 100 },
      serverResidentMemoryMbRightAfterLoad: residentRightAfterLoad,
      serverResidentMemoryMb: residentMemoryMb(child.pid!),
      serverMemoryBreakdownMb: await memoryBreakdown(baseUrl),
      targets: { messagesPerSecond: 2000, sendP50Ms: 5, deliveryP50Ms: 5, initialSyncMs: 100, residentMemoryMb: 150 },
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
