/**
 * The commented config file `myelin generate` writes. Every option is shown
 * with its default, commented out unless the generator chose a value, so the
 * file doubles as the reference of what can be set.
 */
export function configTemplate(options: { serverName: string; signingKeyPath: string; registrationSharedSecret: string }): string {
  const quote = (value: string) => JSON.stringify(value);
  return `# Myelin homeserver configuration (YAML).
# Environment variables override this file: MYELIN_BIND, MYELIN_PORT,
# MYELIN_SERVER_NAME, MYELIN_DATA_DIR, MYELIN_DATABASE_URL,
# MYELIN_ENABLE_REGISTRATION, MYELIN_RATE_LIMITS=off,
# MYELIN_REGISTRATION_SHARED_SECRET, MYELIN_SERVE_WEB_CLIENT. Relative paths are relative to this file.

# The domain in user IDs (@alice:${options.serverName}) and room aliases. It cannot
# be changed once users exist.
server_name: ${quote(options.serverName)}

# Where to listen for HTTP. Put a TLS-terminating reverse proxy in front of it.
#bind: "127.0.0.1"
#port: 8008

# The base URL clients should use, given out in /.well-known/matrix/client.
#public_baseurl: "https://matrix.${options.serverName}/"

# Directory for the SQLite database, the signing key and (later) media.
#data_dir: "./.myelin-data"

# The database: a SQLite file (relative to data_dir) or a PostgreSQL URL.
#database: "homeserver.db"
#database: "postgres://myelin@localhost/myelin"

# The server's ed25519 signing key (Synapse's format: "ed25519 <version> <seed>").
signing_key_path: ${quote(options.signingKeyPath)}

# Registration is closed unless enabled here (it is open by default only when
# server_name is "localhost"). With registration tokens, registering needs one.
#enable_registration: false
#registration_tokens: ["a-long-random-token"]
#allow_guest_access: false

# Shared-secret registration (Synapse-compatible /_synapse/admin/v1/register),
# used by admin tools and test suites. Keep it secret.
registration_shared_secret: ${quote(options.registrationSharedSecret)}

# Rate limits on login and registration, per client address (token buckets).
#rate_limits:
#  enabled: true
#  login: { per_second: 0.5, burst: 10 }
#  register: { per_second: 0.2, burst: 5 }

# Largest JSON request body and largest media upload, in bytes.
#max_request_body_size: 10485760
#max_upload_size: 52428800

# URL previews for clients (GET /media/preview_url), off by default. The
# server fetches the page itself, so it never connects to loopback, private,
# link-local, multicast or other non-public addresses, unless a range is
# listed here (e.g. an intranet you want previews for).
#url_preview:
#  enabled: false
#  ip_range_whitelist: []

# Lifetime of access tokens for clients that use refresh tokens (milliseconds).
#refreshable_access_token_lifetime_ms: 300000

# The reference web client at / (apps/client's build; default: apps/client/dist
# of this workspace). MYELIN_SERVE_WEB_CLIENT=false turns it off.
#serve_web_client: true
#web_client_dir: "/path/to/apps/client/dist"

#log_level: "info"
`;
}
