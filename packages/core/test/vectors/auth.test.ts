// Synapse 1.67 authorization-rule vectors (auth.json, 557 cases in room
// versions 1, 3, 6, 8 and 10; see the vectors' README, section "auth.json").
//
// Per case: every event of the case is loaded, `rejected_event_ids` are
// marked rejected, the candidate's cited `auth_events` go through
// `checkAuthEventsList` (Synapse's step 2, check_state_independent_auth_rules)
// and then `authorize` over those same events (step 3,
// check_state_dependent_auth_rules). `verdict` covers steps 2 and 3 only, so
// the 11 cases that fail Synapse's step 1 (size limits, signature presence:
// checks on receipt, not authorization rules) are compared like the others.
//
// Every case agrees with the spec as we read it, including the behaviours the
// README's "Notes on the verdicts" points out: level 50 for state events
// without a power-levels event is the spec's default `state_default` (event
// schema m.room.power_levels, since spec v1.7); `50.5` counts as 50 in rooms
// 1 and 3 (fragment v1-floaty-power-levels); string levels are rejected in
// room 10 only (room 10 rule 9.3); room 1 authorises redactions by the redact
// level or the event-ID domain (room 1 rule 11) while room 3+ defer them; the
// malformed power levels Synapse raised a SynapseError for are rejections by
// rule 10.1 / 9.1–9.3.
import { afterAll, describe, expect, it } from "vitest";
import { authorize, authStateFromEvents, authTypesFor, checkAuthEventsList, type AuthVerdict } from "../../src/auth/index.js";
import { toRoomEvent, type Pdu, type RoomEvent } from "../../src/events/pdu.js";
import { getRoomVersion } from "../../src/rooms/room-versions.js";
import { loadSynapseVectors } from "./load.js";

interface PduRecord {
  event_id: string;
  pdu: Pdu;
}

interface AuthCase {
  id: string;
  room_version: string;
  description: string;
  auth_state: PduRecord[];
  other_events: PduRecord[];
  rejected_event_ids: string[];
  candidate: PduRecord;
  auth_types_for_candidate: Array<[string, string]>;
  verdict: "allowed" | "rejected";
  first_failed_auth_check: null | "check_state_independent_auth_rules" | "check_state_dependent_auth_rules";
  error: null | { message: string };
  passes_validate_event_for_room_version: boolean;
}

interface AuthVectors {
  counts: { cases: number };
  cases: AuthCase[];
}

const vectors = loadSynapseVectors<AuthVectors>("auth.json");

interface Outcome {
  stage: "checkAuthEventsList" | "authorize";
  verdict: AuthVerdict;
}

/** Steps 2 and 3 of the README, with our functions. */
function run(c: AuthCase): Outcome {
  const roomVersion = getRoomVersion(c.room_version);
  const events = new Map<string, RoomEvent>();
  for (const record of [...c.auth_state, ...c.other_events, c.candidate]) {
    events.set(record.event_id, toRoomEvent(record.pdu, record.event_id, roomVersion));
  }
  const candidate = events.get(c.candidate.event_id)!;
  const authEvents = candidate.authEventIds.map((id) => {
    const event = events.get(id);
    if (event === undefined) throw new Error(`${c.id}: auth event ${id} is not in the case`);
    return event;
  });
  const rejectedIds = new Set(c.rejected_event_ids);
  const listVerdict = checkAuthEventsList(candidate, authEvents, roomVersion, (id) => rejectedIds.has(id));
  if (!listVerdict.allowed) return { stage: "checkAuthEventsList", verdict: listVerdict };
  return { stage: "authorize", verdict: authorize(candidate, authStateFromEvents(authEvents), roomVersion) };
}

/**
 * Synapse's name for the step that rejected: its state-independent step holds
 * the rules on the auth_events list (our `checkAuthEventsList`) and also the
 * create-event rules (rule 1), which we apply in `authorize`.
 */
function synapseStage(outcome: Outcome): AuthCase["first_failed_auth_check"] {
  if (outcome.verdict.allowed) return null;
  const independent = outcome.stage === "checkAuthEventsList" || outcome.verdict.rule.startsWith("1.");
  return independent ? "check_state_independent_auth_rules" : "check_state_dependent_auth_rules";
}

const mismatches: string[] = [];
let checked = 0;

describe.each(["1", "3", "6", "8", "10"])("auth.json, room version %s", (roomVersionId) => {
  const cases = vectors.cases.filter((c) => c.room_version === roomVersionId);

  it.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const outcome = run(c);
    const ours = outcome.verdict.allowed ? "allowed" : "rejected";
    checked += 1;
    if (ours !== c.verdict) {
      mismatches.push(`${c.id}: Synapse ${c.verdict} (${c.error?.message ?? ""}), ours ${JSON.stringify(outcome.verdict)}`);
    }
    expect({ verdict: ours, stage: synapseStage(outcome) }).toEqual({ verdict: c.verdict, stage: c.first_failed_auth_check });
  });

  // server-server "Auth events selection" against Synapse's auth_types_for_event.
  it.each(cases.map((c) => [c.id, c] as const))("auth events selection: %s", (_id, c) => {
    const roomVersion = getRoomVersion(c.room_version);
    const candidate = toRoomEvent(c.candidate.pdu, c.candidate.event_id, roomVersion);
    const key = ([type, stateKey]: readonly [string, string]) => JSON.stringify([type, stateKey]);
    expect(authTypesFor(candidate, roomVersion).map(key).sort()).toEqual(c.auth_types_for_candidate.map(key).sort());
  });
});

describe("auth.json summary", () => {
  it("checks every case of the file", () => {
    expect(vectors.cases.length).toBe(vectors.counts.cases);
    expect(vectors.cases.length).toBe(557);
  });

  // Runs after the per-case tests above (vitest runs a file's tests in order):
  // one list with every disagreeing id.
  it("every case matches Synapse's verdict", () => {
    expect(checked).toBe(vectors.cases.length);
    expect(mismatches).toEqual([]);
  });

  afterAll(() => {
    console.log(`auth.json: ${checked} cases checked, ${checked - mismatches.length} matched Synapse's verdict`);
    if (mismatches.length > 0) console.log(`mismatches:\n  ${mismatches.join("\n  ")}`);
  });
});
