// The authorization rules of every room version (server-server "Checks
// performed on receipt of a PDU", room versions' "Authorisation rules").
export { authStateFromEvents, type AuthState } from "./auth-state.js";
export type { AuthVerdict } from "./verdict.js";
export { authorize, hasSignatureFrom, type AuthorizeOptions } from "./authorize.js";
export { authTypesFor, authEventsFor, type AuthSelectionInput } from "./auth-events-selection.js";
export { checkAuthEventsList } from "./auth-events-list.js";
export { ruleNumbers, type RuleNumbers } from "./rule-numbers.js";
export { tweetnaclVerifyEd25519, type VerifyEd25519 } from "./third-party-invite.js";
