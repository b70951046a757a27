import { createHash, randomBytes } from "node:crypto";
import { createReadStream, type ReadStream } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, unlink } from "node:fs/promises";
import { dirname, join } from "node:path";
import { MatrixError } from "@myelin/http";

// Media bytes on disk, named by their SHA-256: `<root>/sha256/ab/cd/<hex>`.
// The same bytes uploaded twice are one file. A file is written under a
// temporary name in `<root>/tmp`, fsynced, then renamed to its final name
// (and the directory fsynced), so a crash at any point leaves either no file
// or a complete one under a final name — never a half-written one; leftover
// temporary files are removed at the next start.
//
// Files are kept, not reference-counted: nothing deletes media yet. When
// deletion comes (admin API, retention), a file may go once no `media` or
// `media_thumbnails` row names its hash — counted by a query at that moment
// (both columns are indexed), not by a stored counter that could drift.

export interface ReceivedFile {
  /** Where the bytes wait until `commit` (or `discard`). */
  tempPath: string;
  sha256: string;
  size: number;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

export class FileStore {
  private readonly tempDir: string;
  private ready: Promise<void> | undefined;

  constructor(readonly root: string) {
    this.tempDir = join(root, "tmp");
  }

  /** Create the directories and drop temporary files a previous run left behind. */
  private prepare(): Promise<void> {
    this.ready ??= (async () => {
      await mkdir(join(this.root, "sha256"), { recursive: true });
      await rm(this.tempDir, { recursive: true, force: true });
      await mkdir(this.tempDir, { recursive: true });
    })();
    return this.ready;
  }

  pathOf(sha256: string): string {
    if (!SHA256_HEX.test(sha256)) throw new Error(`not a SHA-256 hex digest: ${sha256}`);
    return join(this.root, "sha256", sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /**
   * Stream a body into a temporary file, hashing as it arrives. More than
   * `maxBytes` stops the transfer at once with 413 M_TOO_LARGE and leaves no
   * file behind: the limit holds however the client frames the body.
   */
  async receive(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<ReceivedFile> {
    await this.prepare();
    const tempPath = join(this.tempDir, randomBytes(12).toString("hex"));
    const file = await open(tempPath, "wx", 0o600);
    const hash = createHash("sha256");
    let size = 0;
    let complete = false;
    try {
      if (body !== null) {
        const reader = body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          size += value.byteLength;
          if (size > maxBytes) {
            await reader.cancel().catch(() => undefined);
            throw MatrixError.tooLarge(`Cannot upload files larger than ${maxBytes} bytes`);
          }
          hash.update(value);
          await file.write(value);
        }
      }
      await file.sync();
      complete = true;
    } finally {
      await file.close();
      if (!complete) await unlink(tempPath).catch(() => undefined);
    }
    return { tempPath, sha256: hash.digest("hex"), size };
  }

  /** Move a received file to its final, content-addressed name (or drop it when those bytes are already stored). */
  async commit(received: ReceivedFile): Promise<void> {
    const finalPath = this.pathOf(received.sha256);
    if (await exists(finalPath)) {
      await this.discard(received);
      return;
    }
    await mkdir(dirname(finalPath), { recursive: true });
    // rename() replaces atomically: two uploads of the same bytes racing here both end with one complete file.
    await rename(received.tempPath, finalPath);
    await syncDirectory(dirname(finalPath));
  }

  async discard(received: ReceivedFile): Promise<void> {
    await unlink(received.tempPath).catch(() => undefined);
  }

  /** Store bytes already in memory (thumbnails, URL preview images). */
  async storeBytes(bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
    await this.prepare();
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const tempPath = join(this.tempDir, randomBytes(12).toString("hex"));
    const file = await open(tempPath, "wx", 0o600);
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    await this.commit({ tempPath, sha256, size: bytes.byteLength });
    return { sha256, size: bytes.byteLength };
  }

  openRead(sha256: string, options: { start?: number; end?: number } = {}): ReadStream {
    return createReadStream(this.pathOf(sha256), options);
  }

  /** How many files are stored (tests use it to see deduplication and that refused uploads leave nothing). */
  async countFiles(): Promise<{ stored: number; temporary: number }> {
    await this.prepare();
    const stored = (await readdir(join(this.root, "sha256"), { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).length;
    const temporary = (await readdir(this.tempDir)).length;
    return { stored, temporary };
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Make a rename durable: the directory entry itself must reach the disk. */
async function syncDirectory(path: string): Promise<void> {
  const directory = await open(path, "r");
  try {
    await directory.sync();
  } finally {
    await directory.close();
  }
}

