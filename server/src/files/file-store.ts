import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile, rename, unlink } from "node:fs/promises";
import path from "node:path";

/**
 * Where uploaded documents live: a local directory here; an object store in production
 * would implement the same four calls. Keys are random, never derived from names.
 */
export class FileStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string) {
    if (!/^[a-f0-9]{2}\/[a-f0-9]{32}$/.test(key)) throw new Error("bad storage key");
    return path.join(this.root, key);
  }

  async put(data: Buffer): Promise<{ key: string; sha256: string }> {
    const id = randomBytes(16).toString("hex");
    const key = `${id.slice(0, 2)}/${id}`;
    const file = this.pathOf(key);
    await mkdir(path.dirname(file), { recursive: true });
    // Write then rename: a crash never leaves a half file under a real key.
    await writeFile(`${file}.tmp`, data, { mode: 0o600 });
    await rename(`${file}.tmp`, file);
    return { key, sha256: createHash("sha256").update(data).digest("hex") };
  }

  get(key: string): Promise<Buffer> {
    return readFile(this.pathOf(key));
  }

  /** Removes a file; one already gone is not an error (a sweep may meet it twice). */
  async delete(key: string): Promise<void> {
    await unlink(this.pathOf(key)).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "ENOENT") throw e;
    });
  }
}
