import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// The demo CLI, run as users run it: a separate node process (through tsx, so
// no build is needed), files in a temporary directory.

const PACKAGE_DIR = fileURLToPath(new URL("..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "myelin-core-cli-"));
const file = (name: string) => join(dir, name);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], stdin?: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli.ts", ...args], {
    cwd: PACKAGE_DIR,
    input: stdin ?? "",
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Bad input: status 2 and exactly one line on stderr, without a stack trace. */
function expectBadInput(result: ReturnType<typeof cli>, message: RegExp): void {
  expect(result.status, result.stderr).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe("myelin-core CLI", () => {
  let publicKey = "";

  it("generate-key writes a Synapse-style key line to a new 0600 file and prints the public key", () => {
    const result = cli(["generate-key", "--server", "example.org", "--key-id", "ed25519:a_test", "--out", file("signing.key")]);
    expect(result.status, result.stderr).toBe(0);
    const line = readFileSync(file("signing.key"), "utf8");
    expect(line).toMatch(/^ed25519 a_test [A-Za-z0-9+/]{43}\n$/);
    expect(statSync(file("signing.key")).mode & 0o777).toBe(0o600);
    const printed = JSON.parse(result.stdout) as { server_name: string; verify_keys: Record<string, { key: string }> };
    expect(printed.server_name).toBe("example.org");
    publicKey = printed.verify_keys["ed25519:a_test"]!.key;
    expect(publicKey).toMatch(/^[A-Za-z0-9+/]{43}$/);
  });

  it("public-key prints the key ID and the same public key", () => {
    const result = cli(["public-key", "--key", file("signing.key")]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(`ed25519:a_test ${publicKey}\n`);
  });

  it("generate-key refuses to overwrite a key file", () => {
    const before = readFileSync(file("signing.key"), "utf8");
    expectBadInput(cli(["generate-key", "--server", "example.org", "--out", file("signing.key")]), /EEXIST/);
    expect(readFileSync(file("signing.key"), "utf8")).toBe(before);
  });

  it("generate-key without --out prints a key line with a random a_ version", () => {
    const result = cli(["generate-key", "--server", "example.org"]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^ed25519 a_[A-Za-z]{4} [A-Za-z0-9+/]{43}\n$/);
  });

  it("sign then verify: valid (exit 0); tampered (exit 1 with the reason)", () => {
    writeFileSync(file("event.json"), JSON.stringify({ type: "m.room.message", content: { body: "hi" }, unsigned: { age: 5 } }, null, 2));
    const signed = cli(["sign", "--server", "example.org", "--key", file("signing.key"), file("event.json")]);
    expect(signed.status, signed.stderr).toBe(0);
    const object = JSON.parse(signed.stdout) as Record<string, unknown> & { signatures: Record<string, Record<string, string>> };
    expect(Object.keys(object.signatures["example.org"]!)).toEqual(["ed25519:a_test"]);
    expect(object.unsigned).toEqual({ age: 5 });
    writeFileSync(file("signed.json"), signed.stdout);

    const ok = cli(["verify", "--server", "example.org", "--public-key", publicKey, "--key-id", "ed25519:a_test", file("signed.json")]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^valid/);

    // From stdin ("-"), with `unsigned` changed: still valid, it is not signed.
    const viaStdin = cli(
      ["verify", "--server", "example.org", "--public-key", publicKey, "--key-id", "ed25519:a_test", "-"],
      JSON.stringify({ ...object, unsigned: { age: 999 } }),
    );
    expect(viaStdin.status, viaStdin.stderr).toBe(0);

    writeFileSync(file("tampered.json"), JSON.stringify({ ...object, content: { body: "hi!" } }));
    const bad = cli(["verify", "--server", "example.org", "--public-key", publicKey, "--key-id", "ed25519:a_test", file("tampered.json")]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^invalid: .*does not match/);

    const otherServer = cli(["verify", "--server", "other.example", "--public-key", publicKey, "--key-id", "ed25519:a_test", file("signed.json")]);
    expect(otherServer.status).toBe(1);
    expect(otherServer.stderr).toMatch(/^invalid: no signature from other.example/);
  });

  it("sign with the spec's test key reproduces appendix 'Cryptographic Test Vectors' → 'JSON Signing'", () => {
    writeFileSync(file("spec.key"), "ed25519 1 YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1\n");
    const result = cli(["sign", "--server", "domain", "--key", file("spec.key"), "-"], '{"two": "Two", "one": 1}');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      '{"one":1,"signatures":{"domain":{"ed25519:1":"KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw"}},"two":"Two"}\n',
    );
  });

  it("canonical prints canonical JSON (appendix 'Canonical JSON' example), strict unless the room version allows floats", () => {
    const result = cli(["canonical"], '{"本": 2, "日": 1, "a": "\\u65E5"}');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('{"a":"日","日":1,"本":2}\n');
    expectBadInput(cli(["canonical"], '{"a": 1.5}'), /not an integer at a/);
    expect(cli(["canonical", "--room-version", "1"], '{"a": 1.5}').stdout).toBe('{"a":1.5}\n');
  });

  describe("bad input exits 2 with one line on stderr", () => {
    it("a missing input file", () => {
      expectBadInput(cli(["canonical", file("nope.json")]), /cannot read .*nope\.json: ENOENT/);
    });

    it("bad JSON", () => {
      expectBadInput(cli(["canonical"], "{not json"), /not valid JSON/);
      expectBadInput(cli(["sign", "--server", "example.org", "--key", file("signing.key")], "[1,"), /not valid JSON/);
    });

    it("a JSON value that is not an object, for sign", () => {
      expectBadInput(cli(["sign", "--server", "example.org", "--key", file("signing.key")], "[1]"), /not a JSON object/);
    });

    it("a bad or missing key file", () => {
      writeFileSync(file("bad.key"), "ed25519 x not*base64\n");
      expectBadInput(cli(["public-key", "--key", file("bad.key")]), /not base64/);
      writeFileSync(file("short.key"), "ed25519 x AAAA\n");
      expectBadInput(cli(["public-key", "--key", file("short.key")]), /3 bytes, not 32/);
      writeFileSync(file("garbage.key"), "hello\n");
      expectBadInput(cli(["public-key", "--key", file("garbage.key")]), /not a signing key file/);
      expectBadInput(cli(["public-key", "--key", file("missing.key")]), /ENOENT/);
    });

    it("a bad public key or key ID for verify", () => {
      const args = (publicKeyArg: string, keyId: string) => ["verify", "--server", "example.org", "--public-key", publicKeyArg, "--key-id", keyId, file("signed.json")];
      expectBadInput(cli(args("***", "ed25519:a_test")), /not base64/);
      expectBadInput(cli(args("AAAA", "ed25519:a_test")), /3 bytes, not 32/);
      expectBadInput(cli(args(publicKey, "curve25519:a_test")), /not "ed25519:<version>"/);
    });

    it("missing options, unknown options and unknown commands", () => {
      expectBadInput(cli(["sign", "--key", file("signing.key")], "{}"), /--server is required/);
      expectBadInput(cli(["canonical", "--colour"], "{}"), /Unknown option/);
      expectBadInput(cli(["public-key", "--server", "x", "--key", file("signing.key")]), /does not take --server/);
      expectBadInput(cli(["frobnicate"]), /unknown command/);
      expectBadInput(cli(["canonical", "--room-version", "99"], "{}"), /unknown room version/);
    });
  });

  it("--help prints the usage and exits 0", () => {
    const result = cli(["--help"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^usage: myelin-core/);
  });
});
