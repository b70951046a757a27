import { pino, type DestinationStream, type Logger } from "pino";
import type { ServerConfig } from "../config/schema.js";

export type { Logger };

/**
 * Structured JSON logs on stdout (or the given stream). Request logs carry
 * the route template, never the URL: the query string may hold an access
 * token (`?access_token=`, allowed up to spec v1.19).
 */
export function createLogger(level: ServerConfig["logLevel"], destination?: DestinationStream): Logger {
  return pino({ level, base: { service: "myelin" }, redact: ["req.headers.authorization", "accessToken", "password"] }, destination ?? bufferedStdout());
}

/** One stream for every logger of the process (tests make many servers). */
let stdout: ReturnType<typeof pino.destination> | undefined;

/**
 * Stdout written asynchronously rather than one synchronous write(2) per
 * line on the request path (a line per request cost as much as routing
 * it): lines logged while a write is in flight go out together in the next
 * one, and nothing waits for a buffer to fill, so a line still appears at
 * once. What is still queued is written synchronously when the process
 * exits, so the last lines are not lost.
 */
function bufferedStdout(): DestinationStream {
  if (stdout) return stdout;
  const stream = pino.destination({ dest: 1, minLength: 0, sync: false });
  process.once("exit", () => {
    try {
      stream.flushSync();
    } catch {
      // Not open yet: nothing was written to it.
    }
  });
  return (stdout = stream);
}
