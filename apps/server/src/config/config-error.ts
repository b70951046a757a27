/** A problem with the configuration: reported as one line, exit status 2. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}
