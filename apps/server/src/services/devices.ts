import { MatrixError } from "@myelin/http";
import type { DeviceRecord, Storage } from "../storage/storage.js";

/** The client's view of a device (spec: "Device Management"). */
export function deviceJson(device: DeviceRecord): { device_id: string; display_name?: string; last_seen_ts?: number; last_seen_ip?: string } {
  return {
    device_id: device.deviceId,
    ...(device.displayName !== null && { display_name: device.displayName }),
    ...(device.lastSeenTs !== null && { last_seen_ts: device.lastSeenTs }),
    ...(device.lastSeenIp !== null && { last_seen_ip: device.lastSeenIp }),
  };
}

export class DeviceService {
  constructor(private readonly storage: Storage) {}

  list(userId: string): Promise<DeviceRecord[]> {
    return this.storage.devices.listDevices(userId);
  }

  async get(userId: string, deviceId: string): Promise<DeviceRecord> {
    const device = await this.storage.devices.getDevice(userId, deviceId);
    if (!device) throw MatrixError.notFound("No such device");
    return device;
  }

  async rename(userId: string, deviceId: string, displayName: string | undefined): Promise<void> {
    if (displayName !== undefined && displayName.length > 1000) throw MatrixError.invalidParam("display_name is too long");
    if (displayName === undefined) {
      await this.get(userId, deviceId);
      return;
    }
    if (!(await this.storage.devices.renameDevice(userId, deviceId, displayName))) throw MatrixError.notFound("No such device");
  }

  /** Delete devices (and their tokens); unknown device IDs are ignored, as the spec's bulk deletion allows. */
  async delete(userId: string, deviceIds: readonly string[]): Promise<void> {
    await this.storage.transaction((stores) => stores.devices.deleteDevices(userId, deviceIds));
  }
}
