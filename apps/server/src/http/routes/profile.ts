import { deleteProfileField, getProfileField, getUserProfile, setProfileField } from "@myelin/client-server";
import { MatrixError } from "@myelin/http";
import type { RouteContext } from "../context.js";
import type { ProfileField } from "../../storage/storage.js";

/** Only the two classic fields are stored for now; the capability `m.profile_fields` says so. */
function knownField(keyName: string): ProfileField {
  if (keyName === "displayname" || keyName === "avatar_url") return keyName;
  throw MatrixError.forbidden(`Profile field ${keyName} is not supported on this server`);
}

export function profileRoutes({ serve, services }: RouteContext): void {
  serve(getUserProfile, async ({ path }) => {
    const profile = await services.profiles.get(path.userId);
    return {
      ...(profile.displayname !== null && { displayname: profile.displayname }),
      ...(profile.avatarUrl !== null && { avatar_url: profile.avatarUrl }),
    };
  });

  serve(getProfileField, async ({ path }) => {
    const profile = await services.profiles.get(path.userId);
    const field = path.keyName === "displayname" || path.keyName === "avatar_url" ? path.keyName : undefined;
    const value = field === "displayname" ? profile.displayname : field === "avatar_url" ? profile.avatarUrl : null;
    if (field === undefined || value === null) throw MatrixError.notFound("Profile field not set");
    return { [field]: value };
  });

  serve(setProfileField, async ({ path, body }, { auth }) => {
    if (path.userId !== auth.userId) throw MatrixError.forbidden("You can only change your own profile");
    const field = knownField(path.keyName);
    const value = body[field];
    if (value !== null && typeof value !== "string") throw MatrixError.badJson(`The body must have "${field}" as a string`);
    await services.profiles.set(auth.userId, field, value);
    return {};
  });

  serve(deleteProfileField, async ({ path }, { auth }) => {
    if (path.userId !== auth.userId) throw MatrixError.forbidden("You can only change your own profile");
    await services.profiles.set(auth.userId, knownField(path.keyName), null);
    return {};
  });
}
