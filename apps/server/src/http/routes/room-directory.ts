import {
  deleteRoomAlias,
  getLocalAliases,
  getPublicRooms,
  getRoomIdByAlias,
  getRoomSummary,
  getRoomVisibilityOnDirectory,
  queryPublicRooms,
  setRoomAlias,
  setRoomVisibilityOnDirectory,
} from "@myelin/client-server";
import type { RouteContext } from "../context.js";

// Spec: client-server "Room aliases", "Published room directory", "Room summaries".

export function roomDirectoryRoutes({ serve, services }: RouteContext): void {
  const directory = services.rooms.directory;

  serve(setRoomAlias, async ({ path, body }, { auth }) => {
    await directory.setAlias(auth, path.roomAlias, body.room_id);
    return {};
  });
  serve(getRoomIdByAlias, async ({ path }) => directory.resolveAlias(path.roomAlias));
  serve(deleteRoomAlias, async ({ path }, { auth }) => {
    await directory.deleteAlias(auth, path.roomAlias);
    return {};
  });
  serve(getLocalAliases, async ({ path }, { auth }) => ({ aliases: await directory.roomAliases(auth, path.roomId) }));

  serve(getRoomVisibilityOnDirectory, async ({ path }) => ({ visibility: await directory.getVisibility(path.roomId) }));
  serve(setRoomVisibilityOnDirectory, async ({ path, body }, { auth }) => {
    await directory.setVisibility(auth, path.roomId, body.visibility ?? "public");
    return {};
  });

  serve(getPublicRooms, async ({ query }) => directory.publicRooms({ limit: query.limit, since: query.since, server: query.server }));
  serve(queryPublicRooms, async ({ query, body }) =>
    directory.publicRooms({ limit: body.limit, since: body.since, searchTerm: body.filter?.generic_search_term, server: query.server }),
  );

  serve(getRoomSummary, async ({ path }, { auth }) => directory.summary(auth, path.roomIdOrAlias));
}
