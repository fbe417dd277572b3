import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { workflowBundleOptions } from '@naskah/worker';
import { quietBundlerLogger, quietTemporalRuntime } from '../support/worker';

/**
 * Recorded histories of real chains (test/fixtures/histories, recorded with RECORD_HISTORIES=1
 * by the chain e2e spec) replayed against today's workflow code: a change that breaks
 * determinism fails here, before it can break documents in flight.
 */
const dir = join(__dirname, '..', 'fixtures', 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('workflow determinism: replaying recorded histories', () => {
  let workflowBundle: Awaited<ReturnType<typeof bundleWorkflowCode>>;
  beforeAll(async () => {
    quietTemporalRuntime();
    workflowBundle = await bundleWorkflowCode({ ...workflowBundleOptions, logger: quietBundlerLogger });
  }, 120_000);

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s replays without a nondeterminism error', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    expect(history.events?.length).toBeGreaterThan(5);
    await expect(Worker.runReplayHistory({ workflowBundle, replayName: file }, history, `replay-${file}`)).resolves.toBeUndefined();
  });
});
