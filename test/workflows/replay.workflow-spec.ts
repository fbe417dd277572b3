import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, WorkerOptions } from '@temporalio/worker';
import { quietTemporalRuntime, testWorkflowBundle } from '../support/worker';

/**
 * Recorded histories of real chains (test/fixtures/histories, recorded with RECORD_HISTORIES=1
 * by the chain e2e spec) replayed against today's workflow code: a change that breaks
 * determinism fails here, before it can break documents in flight.
 */
const dir = join(__dirname, '..', 'fixtures', 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

/**
 * One history replayed, its replay worker shut down before this returns. Not Worker.runReplayHistory:
 * in @temporalio/worker 1.13 it reads the first result of runReplayHistories and drops the iterator,
 * so the generator's cleanup (close the history stream, shut the replay worker down) never runs and
 * its worker keeps the test process alive for about a minute after the run (fixed upstream by
 * temporalio/sdk-typescript#2050). Reading the iterator to its end runs that cleanup.
 */
async function replay(
  workflowBundle: NonNullable<WorkerOptions['workflowBundle']>,
  file: string,
  history: ReturnType<typeof historyFromJSON>,
): Promise<void> {
  for await (const result of Worker.runReplayHistories({ workflowBundle, replayName: file }, [{ history, workflowId: `replay-${file}` }])) {
    if (result.error) throw result.error;
  }
}

describe('workflow determinism: replaying recorded histories', () => {
  // The bundle the run's workers execute, made by the global setup from today's workflow code.
  const workflowBundle = testWorkflowBundle();
  beforeAll(() => quietTemporalRuntime());

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s replays without a nondeterminism error', async (file) => {
    const history = historyFromJSON(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    expect(history.events?.length).toBeGreaterThan(5);
    await expect(replay(workflowBundle, file, history)).resolves.toBeUndefined();
  });
});
