import { pino, type DestinationStream, type Logger } from "pino";
import type { ServerConfig } from "../config/schema.js";

export type { Logger };

/**
 * Structured JSON logs on stdout (or the given stream). Request logs carry
 * the route template, never the URL: the query string may hold an access
 * token (`?access_token=`, allowed up to spec v1.19).
 */
export function createLogger(level: ServerConfig["logLevel"], destination?: DestinationStream): Logger {
  return pino({ level, base: { service: "myelin" }, redact: ["req.headers.authorization", "accessToken", "password"] }, destination);
}
