import { MatrixError } from "@myelin/http";

// Spec: client-server "Guest access" → "Client behaviour" lists what guest
// accounts may call. Everything else answers 403 M_GUEST_ACCESS_FORBIDDEN.
// One list, checked once in the HTTP layer (context.ts), so no endpoint can
// forget it. Beyond the spec's list (retrieving events and media, sending,
// account maintenance, keys), guests also get what a read-mostly client
// needs to run and what only touches their own data: logout, typing and
// receipts, their own account data and filters, presence, profiles, TURN.

/** An allowed operation, or a test on its path parameters for partial access. */
type GuestRule = true | ((path: Record<string, unknown>) => boolean);

/** "Guest users may only modify their display name; other profile fields may not be changed." */
const displayNameOnly: GuestRule = (path) => path.keyName === "displayname";

const GUEST_ALLOWED_OPERATIONS: Readonly<Record<string, GuestRule>> = {
  // Retrieving events and associated media.
  getRoomState: true,
  getEventContext: true,
  getOneRoomEvent: true,
  getRoomStateWithKey: true,
  getRoomEvents: true,
  getMembersByRoom: true,
  roomInitialSync: true,
  sync: true,
  getEvents: true,
  peekEvents: true,
  getContentAuthed: true,
  getContentOverrideNameAuthed: true,
  getContentThumbnailAuthed: true,
  getConfigAuthed: true,
  // Sending events (any type since v1.2; joining is checked against m.room.guest_access in the membership service).
  joinRoomById: true,
  joinRoom: true,
  leaveRoom: true,
  sendMessage: true,
  setRoomStateWithKey: true,
  sendToDevice: true,
  // Account maintenance.
  setProfileField: displayNameOnly,
  deleteProfileField: displayNameOnly,
  getUserProfile: true,
  getProfileField: true,
  getDevices: true,
  getDevice: true,
  updateDevice: true,
  getTokenOwner: true,
  logout: true,
  // End-to-end encryption.
  uploadKeys: true,
  queryKeys: true,
  claimKeys: true,
  getKeysChanges: true,
  // Running a client: discovery, ephemeral data, the guest's own settings.
  getVersions: true,
  getCapabilities: true,
  getWellknown: true,
  setTyping: true,
  postReceipt: true,
  setReadMarker: true,
  getAccountData: true,
  setAccountData: true,
  getAccountDataPerRoom: true,
  setAccountDataPerRoom: true,
  getRoomTags: true,
  setRoomTag: true,
  deleteRoomTag: true,
  defineFilter: true,
  getFilter: true,
  getPresence: true,
  setPresence: true,
  getPushRules: true,
  getPushRulesGlobal: true,
  getTurnServer: true,
  getJoinedRooms: true,
  getJoinedMembersByRoom: true,
};

/** Throws 403 M_GUEST_ACCESS_FORBIDDEN unless a guest may call this operation with these path parameters. */
export function requireGuestAllowed(operationId: string, path: unknown): void {
  const rule = GUEST_ALLOWED_OPERATIONS[operationId];
  const params = typeof path === "object" && path !== null ? (path as Record<string, unknown>) : {};
  if (rule === true || (rule !== undefined && rule(params))) return;
  throw new MatrixError("M_GUEST_ACCESS_FORBIDDEN", "Guest accounts cannot do this");
}
