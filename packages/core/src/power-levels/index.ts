// Power levels (`m.room.power_levels`) as each room version reads them.
export { parsePowerLevel, isIntegerLevel } from "./parse-level.js";
export {
  DEFAULT_POWER_LEVELS,
  DEFAULT_NOTIFICATION_LEVELS,
  POWER_LEVEL_PROPERTIES,
  POWER_LEVEL_MAPS,
  explicitLevel,
  explicitLevels,
  readPowerLevels,
  requiredLevelForEvent,
  notificationLevel,
  type PowerLevels,
  type PowerLevelProperty,
  type PowerLevelMap,
} from "./power-levels.js";
export { roomCreators } from "./creators.js";
export { CREATOR_LEVEL_WITHOUT_POWER_LEVELS, userLevelFrom, userPowerLevel } from "./user-level.js";
export { RoomPowerLevels } from "./room-power-levels.js";
