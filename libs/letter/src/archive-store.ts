import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Immutable, content-addressed file store: a file's name is its SHA-256; files are read-only. */
export class ArchiveStore {
  constructor(readonly root: string) {}

  path(hash: string): string {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error('bad hash');
    return join(this.root, hash.slice(0, 2), `${hash}.pdf`);
  }

  put(content: Buffer): string {
    const hash = sha256(content);
    const file = this.path(hash);
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
      writeFileSync(tmp, content);
      chmodSync(tmp, 0o444);
      renameSync(tmp, file);
    }
    return hash;
  }

  get(hash: string): Buffer | null {
    const file = this.path(hash);
    return existsSync(file) ? readFileSync(file) : null;
  }
}
