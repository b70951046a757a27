import { z } from "zod";
import { checkEventId } from "../identifiers/event-id.js";
import { checkRoomAlias } from "../identifiers/room-alias.js";
import { checkRoomId } from "../identifiers/room-id.js";
import { checkServerName } from "../identifiers/server-name.js";
import type { IdentifierCheck } from "../identifiers/text.js";
import { checkUserId } from "../identifiers/user-id.js";
import type { RoomVersion } from "../rooms/room-versions.js";

// Zod schemas for the identifiers of the appendix, so that event schemas
// report a malformed ID with the identifier parser's precise reason.

function identifierString(kind: string, check: (s: string) => IdentifierCheck<unknown>): z.ZodString {
  return z.string().superRefine((value, ctx) => {
    const checked = check(value);
    if (!checked.ok) ctx.addIssue({ code: "custom", message: `not a valid ${kind}: ${checked.reason}`, input: value });
  });
}

/**
 * A user ID as events carry them: the historical grammar (appendix
 * "Historical User IDs"), which servers MUST accept in existing rooms.
 */
export const userIdSchema = identifierString("user ID", (s) => checkUserId(s, true));

/** A user ID in the grammar for new IDs (appendix "User Identifiers"). */
export const newUserIdSchema = identifierString("user ID", (s) => checkUserId(s, false));

export const serverNameSchema = identifierString("server name", checkServerName);

export const roomAliasSchema = identifierString("room alias", checkRoomAlias);

/** A room ID in the form `roomVersion` uses, or in any form when no version is given. */
export function roomIdSchema(roomVersion?: RoomVersion): z.ZodString {
  return identifierString("room ID", (s) => checkRoomId(s, roomVersion));
}

/** An event ID in the format `roomVersion` uses, or in any format when no version is given. */
export function eventIdSchema(roomVersion?: RoomVersion): z.ZodString {
  return identifierString("event ID", (s) => checkEventId(s, roomVersion));
}

/** `format: mx-mxc-uri` of the event schemas, which check only the `mxc://` prefix. */
export const mxcUriSchema = z.string().startsWith("mxc://", { error: 'not an mxc:// URI (must start with "mxc://")' });

/** `type: integer` of the event schemas: canonical JSON's integer range, ±(2^53−1). */
export const jsonIntegerSchema = z.int();
