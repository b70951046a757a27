import { describe, expect, it } from "vitest";
import { orderRoomList } from "./room-order.js";
import { emptyRoom, type Membership } from "./types.js";

const room = (id: string, membership: Membership, lastActivityTs: number) => ({ ...emptyRoom(id, membership), lastActivityTs });

describe("orderRoomList", () => {
  it("lists invites first, then joined rooms by most recent activity, and leaves out left rooms", () => {
    const ordered = orderRoomList([
      room("!old", "join", 10),
      room("!left", "leave", 99),
      room("!new", "join", 50),
      room("!invite", "invite", 1),
      room("!tie-b", "join", 30),
      room("!tie-a", "join", 30),
    ]);
    expect(ordered.map((r) => r.roomId)).toEqual(["!invite", "!new", "!tie-a", "!tie-b", "!old"]);
  });
});
