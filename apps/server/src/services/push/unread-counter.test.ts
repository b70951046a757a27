// UnreadCounter against real SQLite storage: counts loaded from stored
// notification rows, moved on by commits, and no notification lost or
// counted twice when a commit lands while a load is reading.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStorage } from "../../storage/open.js";
import { recipientOf, type EventNotification, type EventNotificationRow, type Storage } from "../../storage/storage.js";
import { UnreadCounter } from "./unread-counter.js";

const ROOM = "!room:test";
const ALICE = "@alice:test";
const BOB = "@bob:test";

function notification(eventId: string, recipients: { userId: string; highlight?: boolean }[], threadId = "main"): EventNotification {
  return { eventId, threadId, ts: 1, recipients: recipients.map((r) => ({ userId: r.userId, highlight: r.highlight ?? false, actions: ["notify"] })) };
}

let storage: Storage;
let position = 0;

/** Store a notification as the send pipeline does, returning what the counter is told after the commit. */
async function commit(sender: string, note: EventNotification | undefined): Promise<[{ roomId: string; sender: string }, EventNotification | undefined]> {
  position += 1;
  await storage.push.recordEventPush({ roomId: ROOM, sender, streamOrdering: position }, note);
  return [{ roomId: ROOM, sender }, note];
}

beforeEach(async () => {
  storage = await openStorage({ kind: "sqlite", path: ":memory:" });
  position = 0;
});
afterEach(() => storage.close());

describe("UnreadCounter", () => {
  it("loads stored counts once, then follows commits; the sender's own event clears their room", async () => {
    await commit(ALICE, notification("$1", [{ userId: BOB }]));
    await commit(ALICE, notification("$2", [{ userId: BOB, highlight: true }]));
    const counter = new UnreadCounter(storage);
    expect((await counter.counts(BOB, [ROOM])).get(ROOM)?.get("main")).toEqual({ notifications: 2, highlights: 1 });

    counter.committed(...(await commit(ALICE, notification("$3", [{ userId: BOB }], "$root"))));
    const counts = (await counter.counts(BOB, [ROOM])).get(ROOM)!;
    expect(counts.get("main")).toEqual({ notifications: 2, highlights: 1 });
    expect(counts.get("$root")).toEqual({ notifications: 1, highlights: 0 });

    counter.committed(...(await commit(BOB, undefined)));
    expect([...(await counter.counts(BOB, [ROOM])).get(ROOM)!.values()]).toEqual([]);
    // What storage says agrees once the cache is dropped.
    counter.readPositionMoved(BOB, ROOM);
    expect([...(await counter.counts(BOB, [ROOM])).get(ROOM)!.values()]).toEqual([]);
  });

  it("a commit reported during a load is counted exactly once, whether or not the load's query saw it", async () => {
    await commit(ALICE, notification("$1", [{ userId: BOB }]));
    // gateBeforeQuery: the event commits before the rows are read (the query sees it);
    // otherwise after (it does not). Either way the counter hears of it while loading.
    for (const gateBeforeQuery of [true, false]) {
      const counter = new UnreadCounter(storage);
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const original = storage.push.notificationsAfter.bind(storage.push);
      storage.push.notificationsAfter = async (rooms) => {
        if (gateBeforeQuery) await gate;
        const rows = await original(rooms);
        if (!gateBeforeQuery) await gate;
        return rows;
      };
      const loading = counter.counts(BOB, [ROOM]);
      await new Promise((resolve) => setImmediate(resolve));
      counter.committed(...(await commit(ALICE, notification(`$during-${String(gateBeforeQuery)}`, [{ userId: BOB }]))));
      release();
      await loading;
      storage.push.notificationsAfter = original;
      // Every commit so far notified Bob once.
      expect((await counter.counts(BOB, [ROOM])).get(ROOM)?.get("main")?.notifications).toBe(position);
    }
  });

  it("a receipt during a load: that answer is served, not kept", async () => {
    await commit(ALICE, notification("$1", [{ userId: BOB }]));
    const counter = new UnreadCounter(storage);
    const loading = counter.counts(BOB, [ROOM]);
    counter.readPositionMoved(BOB, ROOM);
    await loading;
    let reads = 0;
    const original = storage.push.readPositions.bind(storage.push);
    storage.push.readPositions = (userId, roomIds) => {
      reads += 1;
      return original(userId, roomIds);
    };
    await counter.counts(BOB, [ROOM]);
    expect(reads).toBe(1);
  });
});

describe("recipientOf", () => {
  const row = (recipients: string): EventNotificationRow => ({ roomId: ROOM, eventId: "$e", streamOrdering: 1, threadId: "main", ts: 1, actions: "[]", recipients });

  it("finds a user's entry, and never one inside another key", () => {
    const tricky = JSON.stringify({ [`x"${BOB}`]: [1, 0], [ALICE]: [0, 1] });
    expect(recipientOf(row(tricky), BOB)).toBeUndefined();
    expect(recipientOf(row(tricky), ALICE)).toEqual({ highlight: false, actionIndex: 1 });
    expect(recipientOf(row(JSON.stringify({ [BOB]: [1, 2] })), BOB)).toEqual({ highlight: true, actionIndex: 2 });
    expect(recipientOf(row("{}"), BOB)).toBeUndefined();
  });
});
