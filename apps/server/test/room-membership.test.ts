// Spec: client-server "Room membership" (joining, invites, leaving and
// forgetting, kicking, banning, knocking) and "Events on change of profile
// information"; every change goes through the room version's authorization
// rules (rejections are M_FORBIDDEN with the rule).
import {
  ban,
  createRoom,
  forgetRoom,
  getJoinedRooms,
  getMembersByRoom,
  getRoomStateWithKey,
  inviteUser,
  joinRoom,
  joinRoomById,
  kick,
  knockRoom,
  leaveRoom,
  setProfileField,
  setRoomStateWithKey,
  unban,
} from "@myelin/client-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "./helpers/backends.js";
import { expectMatrixError } from "./helpers/expect-error.js";
import { startTestServer, type TestServer } from "./helpers/test-server.js";

type User = Awaited<ReturnType<TestServer["registerUser"]>>;

describe.each(backends)("room membership on %s", (backend) => {
  let hs: TestServer;
  let alice: User;
  let bob: User;
  let carol: User;
  beforeAll(async () => {
    hs = await startTestServer(backend);
    alice = await hs.registerUser("alice");
    bob = await hs.registerUser("bob");
    carol = await hs.registerUser("carol");
  });
  afterAll(() => hs?.close());

  const membershipOf = async (roomId: string, userId: string) =>
    (await alice.client.call(getRoomStateWithKey, { path: { roomId, eventType: "m.room.member", stateKey: userId } })).membership;

  it("join rule invite: joining uninvited is M_FORBIDDEN naming the rule; after an invite the join works", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, { body: { preset: "private_chat" } });
    const refused = await expectMatrixError(bob.client.call(joinRoomById, { path: { roomId }, body: {} }), "M_FORBIDDEN", 403);
    expect(refused.message).toMatch(/rule/);
    await alice.client.call(inviteUser, { path: { roomId }, body: { user_id: bob.userId, reason: "welcome" } });
    expect(await membershipOf(roomId, bob.userId)).toBe("invite");
    expect((await bob.client.call(joinRoomById, { path: { roomId }, body: {} })).room_id).toBe(roomId);
    expect(await membershipOf(roomId, bob.userId)).toBe("join");
  });

  it("restricted rooms: members of an allowed room join with an authorising local user; others are M_FORBIDDEN", async () => {
    const { room_id: space } = await alice.client.call(createRoom, { body: { preset: "public_chat" } });
    await bob.client.call(joinRoomById, { path: { roomId: space }, body: {} });
    for (const joinRule of ["restricted", "knock_restricted"]) {
      const { room_id: roomId } = await alice.client.call(createRoom, {
        body: {
          preset: "private_chat",
          room_version: "10",
          initial_state: [{ type: "m.room.join_rules", state_key: "", content: { join_rule: joinRule, allow: [{ type: "m.room_membership", room_id: space }] } }],
        },
      });
      // Carol is not in the allowed room ("Restricted rooms": only the allow conditions open the door).
      await expectMatrixError(carol.client.call(joinRoomById, { path: { roomId }, body: {} }), "M_FORBIDDEN", 403);
      expect((await bob.client.call(joinRoomById, { path: { roomId }, body: {} })).room_id).toBe(roomId);
      const member = await alice.client.call(getRoomStateWithKey, { path: { roomId, eventType: "m.room.member", stateKey: bob.userId } });
      expect(member).toMatchObject({ membership: "join", join_authorised_via_users_server: alice.userId });
    }
  });

  it("join rule public: join by ID and by alias; unknown rooms and aliases are M_NOT_FOUND", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, { body: { preset: "public_chat", room_alias_name: "membership-pub" } });
    expect((await bob.client.call(joinRoom, { path: { roomIdOrAlias: "#membership-pub:localhost" }, body: {} })).room_id).toBe(roomId);
    expect((await carol.client.call(joinRoom, { path: { roomIdOrAlias: roomId }, body: {} })).room_id).toBe(roomId);
    await expectMatrixError(bob.client.call(joinRoom, { path: { roomIdOrAlias: "#nothing-here:localhost" }, body: {} }), "M_NOT_FOUND", 404);
    await expectMatrixError(bob.client.call(joinRoomById, { path: { roomId: "!unknown:localhost" }, body: {} }), "M_NOT_FOUND", 404);
  });

  it("join rule knock: knocking, then an invite lets the knocker in; rooms without knocking refuse a knock", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, {
      body: { preset: "private_chat", initial_state: [{ type: "m.room.join_rules", content: { join_rule: "knock" } }] },
    });
    expect((await bob.client.call(knockRoom, { path: { roomIdOrAlias: roomId }, body: { reason: "let me in" } })).room_id).toBe(roomId);
    expect(await membershipOf(roomId, bob.userId)).toBe("knock");
    await alice.client.call(inviteUser, { path: { roomId }, body: { user_id: bob.userId } });
    await bob.client.call(joinRoomById, { path: { roomId }, body: {} });
    expect(await membershipOf(roomId, bob.userId)).toBe("join");

    const v6 = await alice.client.call(createRoom, { body: { room_version: "6", preset: "public_chat" } });
    await expectMatrixError(carol.client.call(knockRoom, { path: { roomIdOrAlias: v6.room_id }, body: {} }), "M_FORBIDDEN", 403);
    const invitesOnly = await alice.client.call(createRoom, { body: { preset: "private_chat" } });
    await expectMatrixError(carol.client.call(knockRoom, { path: { roomIdOrAlias: invitesOnly.room_id }, body: {} }), "M_FORBIDDEN", 403);
  });

  it("leave and forget: a forgotten room needs leaving first; leaving a room you are not in is M_FORBIDDEN", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, { body: { preset: "public_chat" } });
    await bob.client.call(joinRoomById, { path: { roomId }, body: {} });
    await expectMatrixError(bob.client.call(forgetRoom, { path: { roomId }, body: {} }), "M_UNKNOWN", 400);
    await bob.client.call(leaveRoom, { path: { roomId }, body: { reason: "bye" } });
    expect(await membershipOf(roomId, bob.userId)).toBe("leave");
    expect((await bob.client.call(getJoinedRooms)).joined_rooms).not.toContain(roomId);
    await bob.client.call(forgetRoom, { path: { roomId }, body: {} });
    await expectMatrixError(bob.client.call(leaveRoom, { path: { roomId }, body: {} }), "M_FORBIDDEN", 403);
    await expectMatrixError(carol.client.call(forgetRoom, { path: { roomId }, body: {} }), "M_NOT_FOUND", 404);
  });

  it("kick and ban follow the power levels: members without the level are refused; the banned cannot rejoin until unbanned", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, { body: { preset: "public_chat", room_version: "10" } });
    await bob.client.call(joinRoomById, { path: { roomId }, body: {} });
    await carol.client.call(joinRoomById, { path: { roomId }, body: {} });

    await expectMatrixError(bob.client.call(kick, { path: { roomId }, body: { user_id: carol.userId } }), "M_FORBIDDEN", 403);
    await expectMatrixError(bob.client.call(ban, { path: { roomId }, body: { user_id: carol.userId } }), "M_FORBIDDEN", 403);
    // Nobody may kick someone at or above their own level.
    await alice.client.call(setRoomStateWithKey, {
      path: { roomId, eventType: "m.room.power_levels", stateKey: "" },
      body: { users: { [alice.userId]: 100, [bob.userId]: 50 }, kick: 50, ban: 50 },
    });
    await expectMatrixError(bob.client.call(kick, { path: { roomId }, body: { user_id: alice.userId } }), "M_FORBIDDEN", 403);
    await bob.client.call(kick, { path: { roomId }, body: { user_id: carol.userId, reason: "spam" } });
    expect(await membershipOf(roomId, carol.userId)).toBe("leave");
    await expectMatrixError(bob.client.call(kick, { path: { roomId }, body: { user_id: carol.userId } }), "M_FORBIDDEN", 403);

    await bob.client.call(ban, { path: { roomId }, body: { user_id: carol.userId } });
    expect(await membershipOf(roomId, carol.userId)).toBe("ban");
    await expectMatrixError(carol.client.call(joinRoomById, { path: { roomId }, body: {} }), "M_FORBIDDEN", 403);
    await expectMatrixError(carol.client.call(unban, { path: { roomId }, body: { user_id: carol.userId } }), "M_FORBIDDEN", 403);
    await alice.client.call(unban, { path: { roomId }, body: { user_id: carol.userId } });
    expect(await membershipOf(roomId, carol.userId)).toBe("leave");
    await expectMatrixError(alice.client.call(unban, { path: { roomId }, body: { user_id: carol.userId } }), "M_FORBIDDEN", 403);
    await carol.client.call(joinRoomById, { path: { roomId }, body: {} });
    expect(await membershipOf(roomId, carol.userId)).toBe("join");
  });

  it("invites need the invite level and refuse users already joined", async () => {
    const { room_id: roomId } = await alice.client.call(createRoom, {
      body: { preset: "public_chat", power_level_content_override: { invite: 50 } },
    });
    await bob.client.call(joinRoomById, { path: { roomId }, body: {} });
    await expectMatrixError(bob.client.call(inviteUser, { path: { roomId }, body: { user_id: carol.userId } }), "M_FORBIDDEN", 403);
    await expectMatrixError(alice.client.call(inviteUser, { path: { roomId }, body: { user_id: bob.userId } }), "M_FORBIDDEN", 403);
    await expectMatrixError(alice.client.call(inviteUser, { path: { roomId }, body: { user_id: "@someone:elsewhere.example" } }), "M_FORBIDDEN", 403);
  });

  it("a profile change sends new member events into every joined room", async () => {
    const dave = await hs.registerUser("dave");
    const one = await alice.client.call(createRoom, { body: { preset: "public_chat" } });
    const two = await alice.client.call(createRoom, { body: { preset: "public_chat" } });
    await dave.client.call(joinRoomById, { path: { roomId: one.room_id }, body: {} });
    await dave.client.call(joinRoomById, { path: { roomId: two.room_id }, body: {} });
    await dave.client.call(setProfileField, { path: { userId: dave.userId, keyName: "displayname" }, body: { displayname: "Dave D." } });
    for (const roomId of [one.room_id, two.room_id]) {
      const member = await alice.client.call(getRoomStateWithKey, { path: { roomId, eventType: "m.room.member", stateKey: dave.userId } });
      expect(member).toMatchObject({ membership: "join", displayname: "Dave D." });
    }
    const members = await alice.client.call(getMembersByRoom, { path: { roomId: one.room_id }, query: { membership: "join" } });
    expect(members.chunk?.find((event) => event.state_key === dave.userId)?.unsigned?.prev_content).toMatchObject({ displayname: "dave" });
  });
});
