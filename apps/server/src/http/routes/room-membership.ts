import { ban, forgetRoom, inviteUser, joinRoom, joinRoomById, kick, knockRoom, leaveRoom, unban } from "@myelin/client-server";
import type { RouteContext } from "../context.js";

// Spec: client-server "Room membership".

export function roomMembershipRoutes({ serve, services }: RouteContext): void {
  const membership = services.rooms.membership;

  serve(joinRoomById, async ({ path, body }, { auth }) => ({ room_id: await membership.join(auth, path.roomId, body.reason) }));
  serve(joinRoom, async ({ path, body }, { auth }) => ({ room_id: await membership.join(auth, path.roomIdOrAlias, body.reason) }));
  serve(knockRoom, async ({ path, body }, { auth }) => ({ room_id: await membership.knock(auth, path.roomIdOrAlias, body.reason) }));

  serve(inviteUser, async ({ path, body }, { auth }) => {
    await membership.invite(auth, path.roomId, body.user_id, body.reason);
    return {};
  });
  serve(leaveRoom, async ({ path, body }, { auth }) => {
    await membership.leave(auth, path.roomId, body.reason);
    return {};
  });
  serve(forgetRoom, async ({ path }, { auth }) => {
    await membership.forget(auth, path.roomId);
    return {};
  });
  serve(kick, async ({ path, body }, { auth }) => {
    await membership.kick(auth, path.roomId, body.user_id, body.reason);
    return {};
  });
  serve(ban, async ({ path, body }, { auth }) => {
    await membership.ban(auth, path.roomId, body.user_id, body.reason);
    return {};
  });
  serve(unban, async ({ path, body }, { auth }) => {
    await membership.unban(auth, path.roomId, body.user_id, body.reason);
    return {};
  });
}
