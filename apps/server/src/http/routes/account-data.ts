import { deleteRoomTag, getAccountData, getAccountDataPerRoom, getRoomTags, setAccountData, setAccountDataPerRoom, setRoomTag } from "@myelin/client-server";
import type { RouteContext } from "../context.js";

// Spec: client-server "Client Config" (account-data.yaml) and "Room Tagging" (tags.yaml).
export function accountDataRoutes({ serve, services }: RouteContext): void {
  const accountData = services.accountData;

  serve(setAccountData, async ({ path, body }, { auth }) => {
    await accountData.setByClient(auth.userId, path.userId, null, path.type, body);
    return {};
  });

  serve(getAccountData, ({ path }, { auth }) => accountData.getForClient(auth.userId, path.userId, null, path.type));

  serve(setAccountDataPerRoom, async ({ path, body }, { auth }) => {
    await accountData.setByClient(auth.userId, path.userId, path.roomId, path.type, body);
    return {};
  });

  serve(getAccountDataPerRoom, ({ path }, { auth }) => accountData.getForClient(auth.userId, path.userId, path.roomId, path.type));

  serve(getRoomTags, async ({ path }, { auth }) => ({ tags: await accountData.getTags(auth.userId, path.userId, path.roomId) }));

  serve(setRoomTag, async ({ path, body }, { auth }) => {
    await accountData.setTag(auth.userId, path.userId, path.roomId, path.tag, body);
    return {};
  });

  serve(deleteRoomTag, async ({ path }, { auth }) => {
    await accountData.deleteTag(auth.userId, path.userId, path.roomId, path.tag);
    return {};
  });
}
