import { z } from "zod";
import { mxcUriSchema, userIdSchema } from "../identifier-schemas.js";

// m.room.member (event-schemas/schema/m.room.member.yaml and
// components/signed_third_party_invite.yaml).

export const MEMBERSHIPS = ["invite", "join", "knock", "leave", "ban"] as const;
export type Membership = (typeof MEMBERSHIPS)[number];

/** The block an identity server signs for a third-party invite. */
export const signedThirdPartyInviteSchema = z.looseObject({
  mxid: userIdSchema,
  /** Identity server name → signing key ID → unpadded base64 signature. */
  signatures: z.record(z.string(), z.record(z.string(), z.string())),
  token: z.string(),
});
export type SignedThirdPartyInvite = z.infer<typeof signedThirdPartyInviteSchema>;

export const memberThirdPartyInviteSchema = z.looseObject({
  display_name: z.string(),
  signed: signedThirdPartyInviteSchema,
});

export const roomMemberContentSchema = z.looseObject({
  avatar_url: mxcUriSchema.optional(),
  displayname: z.string().nullable().optional(),
  membership: z.enum(MEMBERSHIPS),
  is_direct: z.boolean().optional(),
  join_authorised_via_users_server: userIdSchema.optional(),
  reason: z.string().optional(),
  third_party_invite: memberThirdPartyInviteSchema.optional(),
});
export type RoomMemberContent = z.infer<typeof roomMemberContentSchema>;
