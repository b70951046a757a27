import { MatrixError } from "@myelin/http";
import type { ProfileField, ProfileRecord, Storage } from "../storage/storage.js";
import { isLocalId } from "./user-ids.js";

/**
 * Told after a user's display name or avatar changes. The spec has the
 * server send a new `m.room.member` event into every room the user has
 * joined ("Events on change of profile information").
 */
export type ProfileChangeHook = (userId: string, profile: ProfileRecord) => Promise<void>;

/** The hook the server uses: new join events with the new profile, in every joined room. */
export function propagateProfileToJoinedRooms(memberships: { propagateProfile(userId: string, profile: ProfileRecord): Promise<void> }): ProfileChangeHook {
  return (userId, profile) => memberships.propagateProfile(userId, profile);
}

const ignoreProfileChange: ProfileChangeHook = async () => {};

const MAX_DISPLAYNAME_LENGTH = 256;

export class ProfileService {
  constructor(
    private readonly storage: Storage,
    private readonly serverName: string,
    private readonly onChange: ProfileChangeHook = ignoreProfileChange,
  ) {}

  /** A local user's profile; users of other servers need federation, which is not there yet. */
  async get(userId: string): Promise<ProfileRecord> {
    const profile = isLocalId(userId, this.serverName) ? await this.storage.accounts.getProfile(userId) : undefined;
    if (!profile) throw MatrixError.notFound("Profile not found");
    return profile;
  }

  async set(userId: string, field: ProfileField, value: string | null): Promise<void> {
    if (field === "displayname" && value !== null && value.length > MAX_DISPLAYNAME_LENGTH) {
      throw MatrixError.invalidParam(`displayname must be at most ${MAX_DISPLAYNAME_LENGTH} characters`);
    }
    if (field === "avatar_url" && value !== null && value !== "" && !/^mxc:\/\/[^/]+\/[^/]+$/.test(value)) {
      throw MatrixError.invalidParam("avatar_url must be an mxc:// URI");
    }
    await this.storage.accounts.setProfileField(userId, field, value);
    const profile = await this.storage.accounts.getProfile(userId);
    if (profile) await this.onChange(userId, profile);
  }
}
