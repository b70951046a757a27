import type { RoomEvent } from "../events/pdu.js";
import type { PowerLevels } from "../power-levels/power-levels.js";
import type { RoomVersion } from "../rooms/room-versions.js";
import type { AuthState } from "./auth-state.js";
import type { RuleNumbers } from "./rule-numbers.js";
import type { VerifyEd25519 } from "./third-party-invite.js";

/** What the state-dependent rules read, gathered once per `authorize` call. */
export interface RuleContext {
  readonly event: RoomEvent;
  readonly state: AuthState;
  readonly version: RoomVersion;
  readonly rules: RuleNumbers;
  readonly create: RoomEvent;
  readonly creators: ReadonlySet<string>;
  /** The current `m.room.power_levels` event, if any. */
  readonly powerLevelsEvent: RoomEvent | undefined;
  /** The levels in force (defaults without a power-levels event). */
  readonly levels: PowerLevels;
  levelOf(userId: string): number;
  /** `membership` of the user's current `m.room.member` event, if any and a string. */
  membershipOf(userId: string): string | undefined;
  /** `join_rule` of the current `m.room.join_rules` event, if any and a string. */
  readonly joinRule: string | undefined;
  readonly isSignedBy: (event: RoomEvent, serverName: string) => boolean;
  readonly verifyEd25519: VerifyEd25519;
}
