import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '@naskah/config';
import { decodeHistoryJSON, ensureTemporalCli } from '@naskah/temporal';

/**
 * With RECORD_HISTORIES=1, saves a workflow history (proto JSON) for the replay test, its payloads
 * decrypted: the replay runs without the codec and fixtures must not depend on a local key.
 */
export async function recordWorkflowHistory(cfg: AppConfig, workflowId: string, name: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const binary = await ensureTemporalCli({ cliPath: cfg.TEMPORAL_CLI_PATH, cacheDir: cfg.CACHE_DIR });
  const shown = spawnSync(binary, ['workflow', 'show', '-w', workflowId, '--address', cfg.TEMPORAL_ADDRESS, '-o', 'json'], { encoding: 'utf8' });
  if (shown.status !== 0) throw new Error(shown.stderr);
  const history = await decodeHistoryJSON(JSON.parse(shown.stdout), cfg.TEMPORAL_PAYLOAD_KEYS);
  const dir = join(__dirname, '..', 'fixtures', 'histories');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(history, null, 2));
}
