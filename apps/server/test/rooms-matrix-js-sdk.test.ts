// The real matrix-js-sdk against our rooms: createRoom, sendMessage, and
// back-pagination with createMessagesRequest (client-server /messages).
// Its sync-based parts (startClient, scrollback on a live timeline) come with the sync tests.
import { createClient, Direction, Filter, type MatrixClient } from "matrix-js-sdk";
import { logger as sdkLogger } from "matrix-js-sdk/lib/logger.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

(sdkLogger as unknown as { setLevel(level: string): void }).setLevel("warn");

describe.each(backends)("matrix-js-sdk rooms on %s", (backend) => {
  let hs: TestServer;
  let client: MatrixClient;
  beforeAll(async () => {
    hs = await startTestServer(backend);
    const user = await hs.registerUser("sdkrooms", "sdk-password");
    client = createClient({ baseUrl: hs.baseUrl, accessToken: user.accessToken, userId: user.userId, deviceId: user.deviceId });
  });
  afterAll(async () => {
    client?.stopClient();
    await hs?.close();
  });

  it("creates a room, sends messages and pages back through them with createMessagesRequest", async () => {
    const { room_id: roomId } = await client.createRoom({ name: "SDK room", topic: "paging" });
    expect(roomId).toMatch(/^!/);
    const sent: string[] = [];
    for (let i = 0; i < 12; i++) sent.push((await client.sendTextMessage(roomId, `sdk message ${i}`)).event_id);

    const bodies: string[] = [];
    const onlyMessages = new Filter(client.getUserId());
    onlyMessages.setDefinition({ room: { timeline: { types: ["m.room.message"] } } });
    let from: string | null = null;
    for (let page = 0; page < 10; page++) {
      const response = await client.createMessagesRequest(roomId, from, 5, Direction.Backward, onlyMessages);
      bodies.push(...response.chunk.map((event) => String(event.content.body)));
      if (!response.end) break;
      from = response.end;
    }
    expect(bodies).toEqual(Array.from({ length: 12 }, (_, i) => `sdk message ${11 - i}`));

    const event = await client.fetchRoomEvent(roomId, sent[0]!);
    expect(event.content).toMatchObject({ body: "sdk message 0", msgtype: "m.text" });
    const name = await client.getStateEvent(roomId, "m.room.name", "");
    expect(name).toEqual({ name: "SDK room" });
    expect((await client.getJoinedRooms()).joined_rooms).toContain(roomId);
  });
});
