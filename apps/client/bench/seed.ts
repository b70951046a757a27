// Seeding through the client-server API: the data the benchmark's user sees.
// Requests go out a few at a time (a small pool), which is fast on loopback
// without queueing hundreds of writes on SQLite at once.
import { createRoom, type MatrixClient } from "@myelin/client-server";

export interface SeededRooms {
  /** Every room the user is in, the big ones included. */
  readonly roomIds: readonly string[];
  /** The room with `renderMessages` messages, sent in order. */
  readonly renderRoomId: string;
  /** The room with `scrollMessages` messages. */
  readonly scrollRoomId: string;
}

export interface SeedPlan {
  readonly rooms: number;
  readonly messagesPerRoom: number;
  readonly renderMessages: number;
  readonly scrollMessages: number;
  readonly concurrency: number;
}

/** The text of message `n` (1-based) of a seeded room, so the pages can find it. */
export function messageText(label: string, n: number): string {
  return `${label} message ${n}`;
}

/** Run `tasks` with at most `limit` in flight; rejects on the first failure. */
export async function runPool(tasks: readonly (() => Promise<unknown>)[], limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++]!;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
}

export async function seedRooms(api: MatrixClient, plan: SeedPlan): Promise<SeededRooms> {
  const roomIds: string[] = new Array<string>(plan.rooms);
  await runPool(
    Array.from({ length: plan.rooms }, (_, i) => async () => {
      const { room_id } = await api.call(createRoom, { body: { preset: "private_chat", name: `Bench room ${String(i + 1).padStart(3, "0")}` } });
      roomIds[i] = room_id;
    }),
    plan.concurrency,
  );
  const [renderRoomId, scrollRoomId, ...smallRooms] = roomIds;
  if (renderRoomId === undefined || scrollRoomId === undefined) throw new Error("need at least two rooms");

  const send = (roomId: string, label: string, n: number) => api.sendEvent(roomId, "m.room.message", { msgtype: "m.text", body: messageText(label, n) });
  // A sequence in one room stays in order; different rooms go in parallel.
  const sequence = (roomId: string, label: string, from: number, to: number) => async () => {
    for (let n = from; n <= to; n++) await send(roomId, label, n);
  };
  const tasks: (() => Promise<unknown>)[] = smallRooms.map((roomId, i) => sequence(roomId, `room${i + 3}`, 1, plan.messagesPerRoom));
  // The render room's order matters (its newest message is the one to wait for): one sequence.
  tasks.push(sequence(renderRoomId, "render", 1, plan.renderMessages));
  // The scroll room only needs its count: chunks of 50 interleave, which is fine.
  for (let from = 1; from <= plan.scrollMessages; from += 50) tasks.push(sequence(scrollRoomId, "scroll", from, Math.min(from + 49, plan.scrollMessages)));
  await runPool(tasks, plan.concurrency);
  return { roomIds, renderRoomId, scrollRoomId };
}
