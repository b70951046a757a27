import { z } from "zod";

// m.room.third_party_invite (event-schemas/schema/m.room.third_party_invite.yaml).

export const thirdPartyInvitePublicKeySchema = z.looseObject({
  key_validity_url: z.string().optional(),
  public_key: z.string(),
});

export const roomThirdPartyInviteContentSchema = z.looseObject({
  display_name: z.string(),
  key_validity_url: z.string(),
  public_key: z.string(),
  public_keys: z.array(thirdPartyInvitePublicKeySchema).optional(),
});
export type RoomThirdPartyInviteContent = z.infer<typeof roomThirdPartyInviteContentSchema>;
