import { deleteDevice, deleteDevices, getDevice, getDevices, updateDevice } from "@myelin/client-server";
import type { RouteContext } from "../context.js";
import { deviceJson } from "../../services/devices.js";

export function deviceRoutes({ serve, services }: RouteContext): void {
  serve(getDevices, async (_request, { auth }) => ({ devices: (await services.devices.list(auth.userId)).map(deviceJson) }));

  serve(getDevice, async ({ path }, { auth }) => deviceJson(await services.devices.get(auth.userId, path.deviceId)));

  serve(updateDevice, async ({ path, body }, { auth }) => {
    await services.devices.rename(auth.userId, path.deviceId, body.display_name);
    return {};
  });

  serve(deleteDevice, async ({ path, body }, { auth }) => {
    // 404 before asking for a password: nothing to authorise for a device that is not there.
    await services.devices.get(auth.userId, path.deviceId);
    const outcome = await services.accounts.reauthenticate(auth, deletionPurpose([path.deviceId]), body.auth);
    if (!outcome.completed) return outcome.response;
    await services.devices.delete(auth.userId, [path.deviceId]);
    return {};
  });

  serve(deleteDevices, async ({ body }, { auth }) => {
    const outcome = await services.accounts.reauthenticate(auth, deletionPurpose(body.devices), body.auth);
    if (!outcome.completed) return outcome.response;
    await services.devices.delete(auth.userId, body.devices);
    return {};
  });
}

/**
 * The UIA purpose of deleting these devices: a session authorises deleting
 * exactly the devices it was started for ("resubmitting the same request"),
 * not whichever a later stage names.
 */
function deletionPurpose(deviceIds: readonly string[]): string {
  return `delete_devices:${JSON.stringify([...new Set(deviceIds)].sort())}`;
}
