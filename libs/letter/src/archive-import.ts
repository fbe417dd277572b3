import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArchiveStore, sha256 } from './archive-store';

export interface ArchiveImport {
  /** Files stored into the archive now. */
  copied: number;
  /** Files the archive held already (a second run copies nothing). */
  present: number;
  /** Files whose content does not hash to their name, or named otherwise: never stored, to be looked at. */
  refused: string[];
  /** A put the filesystem store never finished (`<hash>.pdf.<pid>.<time>.tmp`): no letter names it; left where it is. */
  unfinished: string[];
}

/**
 * A filesystem archive (`ab/<sha256>.pdf`, DATA_DIR/archive) copied into another store, when a
 * deployment moves its archive to S3: each file is stored only if its content hashes to its name,
 * so what the letter rows name is exactly what arrives. Idempotent (content-addressed).
 */
export async function importArchiveFolder(folder: string, into: ArchiveStore): Promise<ArchiveImport> {
  const result: ArchiveImport = { copied: 0, present: 0, refused: [], unfinished: [] };
  for (const prefix of (await readdir(folder, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = join(folder, prefix.name);
    if (!prefix.isDirectory() || !/^[0-9a-f]{2}$/.test(prefix.name)) {
      result.refused.push(dir);
      continue;
    }
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = join(dir, entry.name);
      if (entry.isFile() && /^[0-9a-f]{64}\.pdf\.\d+\.\d+\.tmp$/.test(entry.name)) {
        result.unfinished.push(file);
        continue;
      }
      const hash = /^([0-9a-f]{64})\.pdf$/.exec(entry.name)?.[1];
      if (!entry.isFile() || !hash || !hash.startsWith(prefix.name)) {
        result.refused.push(file);
        continue;
      }
      if (await into.has(hash)) {
        result.present++;
        continue;
      }
      const content = await readFile(file);
      if (sha256(content) !== hash) {
        result.refused.push(file);
        continue;
      }
      await into.put(content);
      result.copied++;
    }
  }
  return result;
}
