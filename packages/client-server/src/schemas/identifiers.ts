import { z } from "zod";

// Matrix identifiers as the OpenAPI definitions constrain them: the format
// (`mx-user-id`, ...) with the sigil pattern the spec attaches. The full
// grammars live in @myelin/core's identifiers; on the wire the API checks
// only what the spec's schemas check.

/** A user ID, `@localpart:server` (format mx-user-id). */
export const userId = z.string().regex(/^@/);

/** A room ID, `!opaque:server` or `!opaque` in room version 12 (format mx-room-id). */
export const roomId = z.string().regex(/^!/);

/** An event ID, `$...` (format mx-event-id). */
export const eventId = z.string().regex(/^\$/);

/** A room alias, `#alias:server` (format mx-room-alias). */
export const roomAlias = z.string().regex(/^#/);

/** A content URI, `mxc://server/media-id` (format mx-mxc-uri). */
export const mxcUri = z.string().regex(/^mxc:\/\//);
